/**
 * Counts failures per key (an email, a client address) in a sliding window
 * and says when a key has had too many. Kept in memory: one platform process
 * serves a course, and a restart forgiving everyone is acceptable.
 */
export class FailureLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly maxFailures: number,
    private readonly windowMs: number,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Milliseconds until the key may try again, or 0 when it may now. */
  retryAfterMs(key: string): number {
    const recent = this.recent(key);
    if (recent.length < this.maxFailures) return 0;
    // The oldest failure that still counts must leave the window first.
    return recent[recent.length - this.maxFailures]! + this.windowMs - this.clock();
  }

  recordFailure(key: string): void {
    const recent = this.recent(key);
    recent.push(this.clock());
    this.failures.set(key, recent);
    if (this.failures.size > 10_000) this.forgetStale();
  }

  reset(key: string): void {
    this.failures.delete(key);
  }

  private recent(key: string): number[] {
    const since = this.clock() - this.windowMs;
    return (this.failures.get(key) ?? []).filter((at) => at > since);
  }

  /** Bounds memory under a flood of distinct keys. */
  private forgetStale(): void {
    for (const key of [...this.failures.keys()]) {
      if (this.recent(key).length === 0) this.failures.delete(key);
    }
  }
}
