import WebSocket from 'ws';

/** Strips ANSI escape sequences so assertions read the text a person sees. */
export const plain = (text: string): string =>
  text.replace(
    /\x1b\[[0-9;?>=]*[A-Za-z]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()][A-Z0-9]|\x1b[=>]/g,
    '',
  );

/** The workspace image's prompt (docker/images/workspace/bashrc). */
const PROMPT = /learner@lab:~\/lab\$ /;

export interface TerminalClient {
  /** Sends keystrokes, as xterm.js does: one binary frame. */
  type(text: string): void;
  resize(cols: number, rows: number): void;
  /** Waits until the screen output (ANSI stripped) matches. */
  waitFor(pattern: RegExp, withinMs?: number): Promise<string>;
  /** Waits for the shell prompt, as a person does before typing. */
  waitForPrompt(): Promise<string>;
  /** Sends a text frame as it is (for protocol tests). */
  sendText(text: string): void;
  /** Acknowledges output as drawn, as xterm.js does. */
  ack(bytes: number): void;
  /** Bytes of output received so far. */
  received(): number;
  /** Resolves with the close code once the server closes the socket. */
  closed(): Promise<number>;
  close(): Promise<void>;
}

/** Opens a lab terminal the way the browser does, or rejects with the HTTP status that refused it. */
export function openTerminal(
  baseUrl: string,
  sessionId: string,
  headers: { cookie?: string; origin?: string },
  size = { cols: 80, rows: 24 },
  /** `terminal` (a shell; sessionId may carry `?tab=`) or `logs?service=…`. */
  route = 'terminal',
): Promise<TerminalClient> {
  const [id, query = ''] = sessionId.split('?');
  const params =
    route === 'terminal' ? `?${query ? `${query}&` : ''}cols=${size.cols}&rows=${size.rows}` : '';
  const url = `${baseUrl.replace(/^http/, 'ws')}/api/lab-sessions/${id}/${route}${params}`;

  const ws = new WebSocket(url, { headers });
  let output = '';
  let received = 0;
  ws.on('message', (data: Buffer, isBinary: boolean) => {
    if (!isBinary) return;
    received += data.length;
    // Keep the tail only: a flood test receives megabytes.
    output = (output + data.toString('utf8')).slice(-200_000);
  });
  const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
  const waitFor = async (pattern: RegExp, withinMs = 10_000): Promise<string> => {
    const deadline = Date.now() + withinMs;
    while (Date.now() < deadline) {
      if (pattern.test(plain(output))) return plain(output);
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`terminal never showed ${pattern}; it showed:\n${plain(output).slice(-2000)}`);
  };
  return new Promise((resolve, reject) => {
    ws.once('unexpected-response', (_req, res) =>
      reject(new Error(`refused with ${res.statusCode}`)),
    );
    ws.once('error', reject);
    ws.once('open', () =>
      resolve({
        type: (text) => ws.send(Buffer.from(text), { binary: true }),
        resize: (cols, rows) => ws.send(JSON.stringify({ type: 'resize', cols, rows })),
        waitForPrompt: () => waitFor(PROMPT),
        sendText: (text) => ws.send(text),
        ack: (bytes) => ws.send(JSON.stringify({ type: 'ack', bytes })),
        received: () => received,
        closed: () => closed,
        waitFor: (pattern, withinMs) => waitFor(pattern, withinMs),
        close: () =>
          new Promise<void>((r) => {
            ws.once('close', () => r());
            ws.close();
          }),
      }),
    );
  });
}
