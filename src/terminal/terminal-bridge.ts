import type { RawData, WebSocket } from 'ws';
import { PlatformError } from '../platform-error';
import type { ShellProcess } from '../sandbox/sandbox-driver';
import { parseControlMessage } from './terminal-protocol';

/**
 * Output in flight to the browser, in bytes: above HIGH the shell's stream is
 * paused (the process then blocks on write), below LOW it resumes. Memory per
 * terminal stays bounded however fast the shell prints.
 */
const HIGH_WATERMARK = 256 * 1024;
const LOW_WATERMARK = 32 * 1024;
/** Messages a browser may send before its shell has started (typing ahead); more is abuse. */
const MAX_EARLY_MESSAGES = 256;

/** WebSocket close codes (RFC 6455). */
const NORMAL = 1000;
const POLICY_VIOLATION = 1008;
const SERVER_ERROR = 1011;

type Message = { data: RawData; isBinary: boolean };

/**
 * Pipes a TTY process and a browser WebSocket into each other until either
 * ends. The socket is taken over at once, while the shell is still starting:
 * what the browser sends meanwhile is kept and delivered when it is up.
 */
export function bridgeTerminal(
  ws: WebSocket,
  starting: Promise<ShellProcess>,
  log: (line: string) => void,
  /** Called on every keystroke frame: the learner is active. */
  onInput: () => void = () => undefined,
): void {
  let shell: ShellProcess | undefined;
  let early: Message[] | undefined = [];
  let closed = false;

  const deliver = ({ data, isBinary }: Message): void => {
    const bytes = Buffer.isBuffer(data) ? data : Buffer.concat(data as Buffer[]);
    if (isBinary) {
      shell!.stream.write(bytes);
      onInput();
      return;
    }
    const message = parseControlMessage(bytes.toString('utf8'));
    if (!message) {
      log(`terminal: closing on an unknown control message (${bytes.length} bytes)`);
      ws.close(POLICY_VIOLATION, 'unknown message');
      return;
    }
    void shell!.resize(message.cols, message.rows);
  };

  ws.on('message', (data, isBinary) => {
    if (!early) return deliver({ data, isBinary });
    if (early.push({ data, isBinary }) > MAX_EARLY_MESSAGES)
      ws.close(POLICY_VIOLATION, 'too much input');
  });
  // Closing our end detaches the tmux client; the shell and its processes live on for a reconnect.
  const end = (): void => {
    closed = true;
    shell?.stream.destroy();
  };
  ws.on('close', end);
  ws.on('error', end);

  starting.then(
    (started) => {
      shell = started;
      if (closed) return void started.stream.destroy();
      pipeOutput(ws, started);
      const queued = early ?? [];
      early = undefined;
      queued.forEach(deliver);
    },
    (error: unknown) => {
      log(`terminal: the shell did not start: ${(error as Error).message}`);
      const reason = PlatformError.is(error) ? error.message : 'the terminal could not start';
      ws.close(SERVER_ERROR, reason.slice(0, 120));
    },
  );
}

function pipeOutput(ws: WebSocket, { stream }: ShellProcess): void {
  let inFlight = 0;
  stream.on('data', (chunk: Buffer) => {
    if (ws.readyState !== ws.OPEN) return;
    inFlight += chunk.length;
    if (inFlight > HIGH_WATERMARK) stream.pause();
    ws.send(chunk, { binary: true }, () => {
      inFlight -= chunk.length;
      if (inFlight < LOW_WATERMARK && stream.isPaused()) stream.resume();
    });
  });
  stream.on('end', () => ws.close(NORMAL, 'shell exited'));
  stream.on('error', () => ws.close(NORMAL, 'shell ended'));
}
