import { FitAddon } from '@xterm/addon-fit';
import { WebLinksAddon } from '@xterm/addon-web-links';
import { WebglAddon } from '@xterm/addon-webgl';
import { Terminal, type ITheme } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { ACK_EVERY_BYTES, CLOSE } from '../../terminal/protocol-constants';

export type TerminalStatus = 'connecting' | 'connected' | 'reconnecting' | 'ended';

/** Reconnect delays in ms: the shell lives on in tmux, so a new socket finds it as it was. */
const BACKOFF_MS = [500, 1_000, 2_000, 4_000, 8_000, 15_000];
/** Close codes after which reconnecting cannot help. */
const FINAL_CLOSE_CODES = new Set<number>([
  CLOSE.normal,
  CLOSE.policyViolation,
  CLOSE.tooBig,
  CLOSE.serverError,
]);
const FONT_SIZES = { min: 10, max: 24, initial: 14 };

const DARK: ITheme = {
  background: '#10131a',
  foreground: '#e6e8ec',
  cursor: '#e6e8ec',
  selectionBackground: '#3a4252',
};
const LIGHT: ITheme = {
  background: '#fbfbfa',
  foreground: '#1d2330',
  cursor: '#1d2330',
  selectionBackground: '#c9d7f0',
};

export interface TerminalOptions {
  sessionId: string;
  /** A shell tab (tmux session name), or a service whose logs to follow, read-only. */
  source: { tab: string } | { logsOf: string };
  onStatus(status: TerminalStatus, detail?: string): void;
}

export interface LabTerminal {
  focus(): void;
  changeFontSize(step: number): void;
  /** The text on screen, for the page's own features and tests. */
  screenText(): string;
  dispose(): void;
}

/** Links from a terminal open only when they are plain web pages: never `javascript:` or `data:`. */
function openSafely(uri: string): void {
  try {
    const url = new URL(uri);
    if (url.protocol === 'http:' || url.protocol === 'https:')
      window.open(url.href, '_blank', 'noopener,noreferrer');
  } catch {
    // not a URL: nothing to open
  }
}

/** An xterm.js terminal attached to a lab's shell (or a service's logs) over a WebSocket. */
export function openLabTerminal(element: HTMLElement, options: TerminalOptions): LabTerminal {
  const dark = window.matchMedia('(prefers-color-scheme: dark)');
  const readOnly = 'logsOf' in options.source;
  const term = new Terminal({
    cursorBlink: !readOnly,
    disableStdin: readOnly,
    fontFamily: 'ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace',
    fontSize: Number(localStorage.getItem('shipshape.fontSize')) || FONT_SIZES.initial,
    scrollback: 5_000,
    theme: dark.matches ? DARK : LIGHT,
    // OSC 8 hyperlinks go through the same check as plain links.
    linkHandler: { activate: (_event, uri) => openSafely(uri), allowNonHttpProtocols: false },
  });
  const fit = new FitAddon();
  term.loadAddon(fit);
  term.loadAddon(new WebLinksAddon((_event, uri) => openSafely(uri)));
  term.open(element);
  try {
    const webgl = new WebglAddon();
    webgl.onContextLoss(() => webgl.dispose()); // back to the DOM renderer
    term.loadAddon(webgl);
    element.dataset['renderer'] = 'webgl';
  } catch {
    element.dataset['renderer'] = 'dom';
  }
  fit.fit();
  const onScheme = (): void => {
    term.options.theme = dark.matches ? DARK : LIGHT;
  };
  dark.addEventListener('change', onScheme);
  // Ctrl+Shift+C copies the selection (Ctrl+C stays the shell's interrupt); paste works as usual.
  term.attachCustomKeyEventHandler((event) => {
    if (event.type === 'keydown' && event.ctrlKey && event.shiftKey && event.code === 'KeyC') {
      void navigator.clipboard?.writeText(term.getSelection());
      return false;
    }
    return true;
  });

  const encoder = new TextEncoder();
  let socket: WebSocket | undefined;
  let attempt = 0;
  let disposed = false;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let countdown: ReturnType<typeof setInterval> | undefined;
  let drawn = 0;

  const send = (data: string | Uint8Array): void => {
    if (socket?.readyState === WebSocket.OPEN) socket.send(data);
  };

  const connect = (): void => {
    options.onStatus(attempt === 0 ? 'connecting' : 'reconnecting');
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    const base = `${scheme}://${location.host}/api/lab-sessions/${options.sessionId}`;
    const url =
      'tab' in options.source
        ? `${base}/terminal?tab=${options.source.tab}&cols=${term.cols}&rows=${term.rows}`
        : `${base}/logs?service=${encodeURIComponent(options.source.logsOf)}`;
    const ws = new WebSocket(url);
    ws.binaryType = 'arraybuffer';
    ws.onopen = () => {
      attempt = 0;
      drawn = 0;
      options.onStatus('connected');
      if (!readOnly) term.focus();
    };
    ws.onmessage = (event) => {
      if (!(event.data instanceof ArrayBuffer)) return; // pong: nothing to do
      const bytes = new Uint8Array(event.data);
      // Acknowledge once drawn: the server pauses the shell while too much is undrawn.
      term.write(bytes, () => {
        drawn += bytes.length;
        if (drawn >= ACK_EVERY_BYTES) {
          send(JSON.stringify({ type: 'ack', bytes: drawn }));
          drawn = 0;
        }
      });
    };
    ws.onclose = (event) => {
      if (disposed || ws !== socket) return;
      if (FINAL_CLOSE_CODES.has(event.code) || attempt >= BACKOFF_MS.length) {
        options.onStatus('ended', event.reason || undefined);
        return;
      }
      let wait = BACKOFF_MS[attempt++]!;
      const tick = (): void => options.onStatus('reconnecting', `in ${Math.ceil(wait / 1000)} s`);
      tick();
      countdown = setInterval(() => {
        wait -= 1000;
        if (wait > 0) tick();
      }, 1000);
      retry = setTimeout(() => {
        clearInterval(countdown);
        connect();
      }, wait);
    };
    socket = ws;
  };

  term.onData((data) => send(encoder.encode(data)));
  term.onResize(({ cols, rows }) => send(JSON.stringify({ type: 'resize', cols, rows })));
  const observer = new ResizeObserver(() => {
    if (element.offsetParent !== null) fit.fit();
  });
  observer.observe(element);
  connect();

  return {
    focus: () => term.focus(),
    changeFontSize: (step) => {
      const size = Math.min(
        FONT_SIZES.max,
        Math.max(FONT_SIZES.min, (term.options.fontSize ?? FONT_SIZES.initial) + step),
      );
      term.options.fontSize = size;
      localStorage.setItem('shipshape.fontSize', String(size));
      fit.fit();
    },
    screenText: () => {
      const buffer = term.buffer.active;
      const lines: string[] = [];
      for (let i = 0; i < buffer.length; i++)
        lines.push(buffer.getLine(i)?.translateToString(true) ?? '');
      return lines.join('\n');
    },
    dispose: () => {
      disposed = true;
      clearTimeout(retry);
      clearInterval(countdown);
      observer.disconnect();
      dark.removeEventListener('change', onScheme);
      socket?.close(CLOSE.normal);
      term.dispose();
    },
  };
}
