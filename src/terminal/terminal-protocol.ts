import { z } from 'zod';
import { DEFAULT_TAB, MAX_COLS, MAX_ROWS, TAB_PATTERN } from './protocol-constants';

export { MAX_COLS, MAX_MESSAGE_BYTES, MAX_ROWS } from './protocol-constants';

const dimension = (max: number) =>
  z
    .number()
    .int()
    .transform((n) => Math.min(Math.max(n, 1), max));

const ControlMessage = z.discriminatedUnion('type', [
  z
    .object({ type: z.literal('resize'), cols: dimension(MAX_COLS), rows: dimension(MAX_ROWS) })
    .strict(),
  z
    .object({
      type: z.literal('ack'),
      bytes: z
        .number()
        .int()
        .min(0)
        .max(1 << 30),
    })
    .strict(),
  z.object({ type: z.literal('ping'), t: z.number() }).strict(),
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

/** The tab (tmux session) a terminal asks for; undefined when the name is not allowed. */
export function tabName(search: URLSearchParams): string | undefined {
  const tab = search.get('tab') ?? DEFAULT_TAB;
  return TAB_PATTERN.test(tab) ? tab : undefined;
}
