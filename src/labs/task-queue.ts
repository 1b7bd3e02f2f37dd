export type Priority = 'learner' | 'pool';

/**
 * Runs tasks with a cap on how many run at once (a 2-core host slows down for
 * everyone past a few lab starts or gradings). Learners' tasks go before
 * warm-pool refills; within each, first come first served. A task taken out
 * before it ran settles with an error, so nobody waits on it forever.
 */
export class TaskQueue {
  private readonly waiting: Array<{
    id: string;
    priority: Priority;
    start(): void;
    cancel(): void;
  }> = [];
  private running = 0;

  constructor(private readonly concurrency: number) {}

  /** Runs `task` when its turn comes; resolves or rejects as the task does. */
  run<T>(id: string, task: () => Promise<T>, priority: Priority = 'learner'): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const job = {
        id,
        priority,
        start: () => {
          this.running++;
          task()
            .then(resolve, reject)
            .finally(() => {
              this.running--;
              this.next();
            });
        },
        cancel: () => reject(new Error(`${id} was taken out of the queue before it ran`)),
      };
      const firstPool = this.waiting.findIndex((j) => j.priority === 'pool');
      const at = priority === 'learner' && firstPool !== -1 ? firstPool : this.waiting.length;
      this.waiting.splice(at, 0, job);
      this.next();
    });
  }

  /** 1 for the next task to run, undefined when the id is not waiting. */
  position(id: string): number | undefined {
    const index = this.waiting.findIndex((j) => j.id === id);
    return index === -1 ? undefined : index + 1;
  }

  /** Takes a task out of the queue before it has run; false when it was not waiting. */
  remove(id: string): boolean {
    const index = this.waiting.findIndex((j) => j.id === id);
    if (index === -1) return false;
    this.waiting.splice(index, 1)[0]!.cancel();
    return true;
  }

  private next(): void {
    while (this.running < this.concurrency && this.waiting.length > 0)
      this.waiting.shift()!.start();
  }
}
