import type { WebSocket } from 'ws';
import type { ShellProcess } from '../sandbox/sandbox-driver';
import { parseControlMessage } from './terminal-protocol';

/**
 * Output in flight to the browser, in bytes: above HIGH the shell's stream is
 * paused (the process then blocks on write), below LOW it resumes. Memory per
 * terminal stays bounded however fast the shell prints.
 */
const HIGH_WATERMARK = 256 * 1024;
const LOW_WATERMARK = 32 * 1024;

/** WebSocket close codes (RFC 6455). */
const NORMAL = 1000;
const POLICY_VIOLATION = 1008;

/** Pipes a TTY process and a browser WebSocket into each other until either ends. */
export function bridgeTerminal(
  ws: WebSocket,
  shell: ShellProcess,
  log: (line: string) => void,
): void {
  const { stream } = shell;
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

  ws.on('message', (data, isBinary) => {
    const bytes = Buffer.isBuffer(data) ? data : Buffer.concat(data as Buffer[]);
    if (isBinary) {
      stream.write(bytes);
      return;
    }
    const message = parseControlMessage(bytes.toString('utf8'));
    if (!message) {
      log(`terminal: closing on an unknown control message (${bytes.length} bytes)`);
      ws.close(POLICY_VIOLATION, 'unknown message');
      return;
    }
    void shell.resize(message.cols, message.rows);
  });
  // Closing our end detaches the tmux client; the shell and its processes live on for a reconnect.
  ws.on('close', () => stream.destroy());
  ws.on('error', () => stream.destroy());
}
