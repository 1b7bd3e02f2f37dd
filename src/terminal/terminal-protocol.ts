import { z } from 'zod';

/**
 * The terminal WebSocket protocol: binary frames carry terminal bytes both
 * ways; text frames carry JSON control messages from the browser.
 */
export const MAX_MESSAGE_BYTES = 64 * 1024;

/** Terminal sizes beyond these are clamped: nobody has such a screen, and tmux would allocate for it. */
export const MAX_COLS = 500;
export const MAX_ROWS = 200;

const dimension = (max: number) =>
  z
    .number()
    .int()
    .transform((n) => Math.min(Math.max(n, 1), max));

const ControlMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('resize'), cols: dimension(MAX_COLS), rows: dimension(MAX_ROWS) }),
]);

export type ControlMessage = z.infer<typeof ControlMessage>;

/** The control message a text frame holds, or undefined when it is not one we know. */
export function parseControlMessage(text: string): ControlMessage | undefined {
  try {
    const parsed = ControlMessage.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export function initialSize(search: URLSearchParams): { cols: number; rows: number } {
  const read = (name: string, fallback: number, max: number): number => {
    const n = Number.parseInt(search.get(name) ?? '', 10);
    return Number.isFinite(n) ? Math.min(Math.max(n, 1), max) : fallback;
  };
  return { cols: read('cols', 80, MAX_COLS), rows: read('rows', 24, MAX_ROWS) };
}
