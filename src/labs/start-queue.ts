/**
 * Runs lab starts with a cap on how many create environments at once (a
 * 2-core host slows down for everyone past a few). Learners' starts go before
 * warm-pool refills; within each, first come first served.
 */
export class StartQueue {
  private readonly waiting: Array<{
    id: string;
    priority: 'learner' | 'pool';
    run: () => Promise<void>;
  }> = [];
  private running = 0;

  constructor(private readonly concurrency: number) {}

  /** Queues a start; `run` is called when its turn comes, and its failure is its own business. */
  add(id: string, priority: 'learner' | 'pool', run: () => Promise<void>): void {
    const job = { id, priority, run };
    if (priority === 'learner') {
      const firstPool = this.waiting.findIndex((j) => j.priority === 'pool');
      this.waiting.splice(firstPool === -1 ? this.waiting.length : firstPool, 0, job);
    } else {
      this.waiting.push(job);
    }
    this.next();
  }

  /** 1 for the next start to run, undefined when the id is not waiting. */
  position(id: string): number | undefined {
    const index = this.waiting.findIndex((j) => j.id === id);
    return index === -1 ? undefined : index + 1;
  }

  /** Takes a start out of the queue before it has run; false when it was not waiting. */
  remove(id: string): boolean {
    const index = this.waiting.findIndex((j) => j.id === id);
    if (index === -1) return false;
    this.waiting.splice(index, 1);
    return true;
  }

  get size(): number {
    return this.waiting.length + this.running;
  }

  private next(): void {
    while (this.running < this.concurrency && this.waiting.length > 0) {
      const job = this.waiting.shift()!;
      this.running++;
      void job
        .run()
        .catch(() => undefined)
        .finally(() => {
          this.running--;
          this.next();
        });
    }
  }
}
