import type { RawData, WebSocket } from 'ws';
import { PlatformError } from '../platform-error';
import type { ShellProcess } from '../sandbox/sandbox-driver';
import { OutputBatcher } from './output-batcher';
import { OutputFlow } from './output-flow';
import { CLOSE } from './protocol-constants';
import { parseControlMessage } from './terminal-protocol';

/** Messages a browser may send before its shell has started (typing ahead); more is abuse. */
const MAX_EARLY_MESSAGES = 256;

type Message = { data: RawData; isBinary: boolean };

export interface BridgeHooks {
  log(line: string): void;
  /** Called on every keystroke frame: the learner is active. */
  onInput?(): void;
}

/**
 * Pipes a TTY process and a browser WebSocket into each other until either
 * ends. The socket is taken over at once, while the shell is still starting:
 * what the browser sends meanwhile is kept and delivered when it is up.
 * Output is batched, flushed at once after input, and paused while the
 * browser has too much of it left to draw (see OutputFlow).
 */
export function bridgeTerminal(
  ws: WebSocket,
  starting: Promise<ShellProcess>,
  hooks: BridgeHooks,
): void {
  let shell: ShellProcess | undefined;
  let early: Message[] | undefined = [];
  let closed = false;
  let flow: OutputFlow | undefined;
  let batcher: OutputBatcher | undefined;

  const deliver = ({ data, isBinary }: Message): void => {
    const bytes = Buffer.isBuffer(data) ? data : Buffer.concat(data as Buffer[]);
    if (isBinary) {
      batcher!.inputArrived();
      shell!.stream.write(bytes);
      hooks.onInput?.();
      return;
    }
    const message = parseControlMessage(bytes.toString('utf8'));
    if (!message) {
      hooks.log(`terminal: closing on an unknown control message (${bytes.length} bytes)`);
      ws.close(CLOSE.policyViolation, 'unknown message');
      return;
    }
    if (message.type === 'resize') void shell!.resize(message.cols, message.rows);
    else if (message.type === 'ack') flow!.acked(message.bytes);
    else ws.send(JSON.stringify({ type: 'pong', t: message.t }));
  };

  ws.on('message', (data, isBinary) => {
    if (!early) return deliver({ data, isBinary });
    if (early.push({ data, isBinary }) > MAX_EARLY_MESSAGES)
      ws.close(CLOSE.policyViolation, 'too much input');
  });
  // Closing our end detaches the tmux client; the shell and its processes live on for a reconnect.
  const end = (): void => {
    closed = true;
    batcher?.flush();
    void shell?.close();
  };
  ws.on('close', end);
  ws.on('error', end);

  starting.then(
    (started) => {
      shell = started;
      // Closing a stream that is still starting makes it report an AbortError: with no
      // listener that would end the whole server, so the bridge always listens.
      started.stream.on('error', () => undefined);
      if (closed) return void started.close();
      const { stream } = started;
      flow = new OutputFlow(
        () => stream.pause(),
        () => stream.resume(),
      );
      batcher = new OutputBatcher((data) => {
        if (ws.readyState !== ws.OPEN) return;
        flow!.sent(data.length);
        ws.send(data, { binary: true });
      });
      stream.on('data', (chunk: Buffer) => batcher!.push(chunk));
      stream.on('end', () => {
        batcher!.flush();
        ws.close(CLOSE.normal, 'shell exited');
      });
      stream.on('error', () => ws.close(CLOSE.normal, 'shell ended'));
      const queued = early ?? [];
      early = undefined;
      queued.forEach(deliver);
    },
    (error: unknown) => {
      hooks.log(`terminal: the shell did not start: ${(error as Error).message}`);
      const reason = PlatformError.is(error) ? error.message : 'the terminal could not start';
      ws.close(CLOSE.serverError, reason.slice(0, 120));
    },
  );
}
