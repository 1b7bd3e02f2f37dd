/**
 * Output the browser has not yet drawn, in bytes. Above HIGH the shell's
 * stream is paused (the process then blocks on write, as in a slow real
 * terminal); once the browser's acknowledgements bring it below LOW, it
 * resumes. Whatever a process prints, a session never holds more than HIGH
 * plus one batch in flight.
 */
export const HIGH_WATERMARK = 256 * 1024;
export const LOW_WATERMARK = 64 * 1024;

export class OutputFlow {
  private inFlight = 0;
  private paused = false;

  constructor(
    private readonly pause: () => void,
    private readonly resume: () => void,
    private readonly high = HIGH_WATERMARK,
    private readonly low = LOW_WATERMARK,
  ) {}

  sent(bytes: number): void {
    this.inFlight += bytes;
    if (!this.paused && this.inFlight > this.high) {
      this.paused = true;
      this.pause();
    }
  }

  acked(bytes: number): void {
    this.inFlight = Math.max(0, this.inFlight - bytes);
    if (this.paused && this.inFlight < this.low) {
      this.paused = false;
      this.resume();
    }
  }

  get unacknowledged(): number {
    return this.inFlight;
  }

  get isPaused(): boolean {
    return this.paused;
  }
}
