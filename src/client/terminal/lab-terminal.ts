import { FitAddon } from '@xterm/addon-fit';
import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';

export type TerminalStatus = 'connecting' | 'connected' | 'reconnecting' | 'ended';

/** Reconnect delays in ms: the shell lives on in tmux, so a new socket finds it as it was. */
const BACKOFF_MS = [500, 1_000, 2_000, 4_000, 8_000];
/** Close codes after which reconnecting cannot help. */
const FINAL_CLOSE_CODES = new Set([1000, 1008, 1011]);

export interface LabTerminal {
  dispose(): void;
}

/** An xterm.js terminal attached to a lab session's workspace shell over a WebSocket. */
export function openLabTerminal(
  element: HTMLElement,
  sessionId: string,
  onStatus: (status: TerminalStatus, detail?: string) => void,
): LabTerminal {
  const term = new Terminal({
    cursorBlink: true,
    fontFamily: 'ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace',
    fontSize: 14,
    scrollback: 5_000,
    theme: { background: '#10131a' },
  });
  const fit = new FitAddon();
  term.loadAddon(fit);
  term.open(element);
  fit.fit();

  const encoder = new TextEncoder();
  let socket: WebSocket | undefined;
  let attempt = 0;
  let disposed = false;
  let retry: ReturnType<typeof setTimeout> | undefined;

  const connect = (): void => {
    onStatus(attempt === 0 ? 'connecting' : 'reconnecting');
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    const url = `${scheme}://${location.host}/api/lab-sessions/${sessionId}/terminal?cols=${term.cols}&rows=${term.rows}`;
    const ws = new WebSocket(url);
    ws.binaryType = 'arraybuffer';
    ws.onopen = () => {
      attempt = 0;
      onStatus('connected');
      term.focus();
    };
    ws.onmessage = (event) => {
      if (event.data instanceof ArrayBuffer) term.write(new Uint8Array(event.data));
    };
    ws.onclose = (event) => {
      if (disposed) return;
      if (FINAL_CLOSE_CODES.has(event.code) || attempt >= BACKOFF_MS.length) {
        onStatus('ended', event.reason || undefined);
        return;
      }
      const delay = BACKOFF_MS[attempt++]!;
      onStatus('reconnecting', `in ${Math.ceil(delay / 1000)} s`);
      retry = setTimeout(connect, delay);
    };
    socket = ws;
  };

  const send = (data: string | Uint8Array): void => {
    if (socket?.readyState === WebSocket.OPEN) socket.send(data);
  };
  term.onData((data) => send(encoder.encode(data)));
  term.onResize(({ cols, rows }) => send(JSON.stringify({ type: 'resize', cols, rows })));
  const observer = new ResizeObserver(() => fit.fit());
  observer.observe(element);
  connect();

  return {
    dispose: () => {
      disposed = true;
      clearTimeout(retry);
      observer.disconnect();
      socket?.close(1000);
      term.dispose();
    },
  };
}
