/**
 * Gathers a shell's output into fewer, larger WebSocket frames, except right
 * after the learner typed: then output goes at once, so echo stays immediate.
 */
const BATCH_DELAY_MS = 4;
const BATCH_MAX_BYTES = 32 * 1024;
/** Output within this long after input is the echo (or the command's first answer): no delay. */
const ECHO_WINDOW_MS = 10;

export class OutputBatcher {
  private chunks: Buffer[] = [];
  private size = 0;
  private timer: NodeJS.Timeout | undefined;
  private lastInput = -Infinity;

  constructor(
    private readonly send: (data: Buffer) => void,
    private readonly now: () => number = () => performance.now(),
  ) {}

  inputArrived(): void {
    this.lastInput = this.now();
  }

  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.size += chunk.length;
    if (this.size >= BATCH_MAX_BYTES || this.now() - this.lastInput <= ECHO_WINDOW_MS) {
      this.flush();
    } else {
      this.timer ??= setTimeout(() => this.flush(), BATCH_DELAY_MS);
    }
  }

  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.size === 0) return;
    const data = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.size);
    this.chunks = [];
    this.size = 0;
    this.send(data);
  }
}
