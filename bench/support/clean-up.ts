/**
 * What a bench must undo (a server, a browser, containers, temp folders), undone
 * newest first when the bench ends, fails, or is interrupted. A Ctrl-C reaches a
 * `tsx` process twice (from the terminal and relayed by tsx): the first starts
 * the clean-up, later ones must not cut it short.
 */
export class CleanUp {
  private readonly steps: Array<{ what: string; run: () => Promise<void> | void }> = [];
  private running: Promise<void> | undefined;

  constructor() {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.on(signal, () => {
        if (this.running) {
          console.error(`${signal}: still cleaning up, please wait`);
          return;
        }
        console.error(`\n${signal}: cleaning up…`);
        void this.run().finally(() => process.exit(130));
      });
    }
  }

  /** Registers an undo step; `what` names it when it fails. */
  add(what: string, run: () => Promise<void> | void): void {
    this.steps.push({ what, run });
  }

  /** Runs every step once, newest first; a failing step is reported and the rest still run. */
  run(): Promise<void> {
    this.running ??= (async () => {
      for (const step of this.steps.reverse()) {
        try {
          await step.run();
        } catch (error) {
          console.error(`clean-up: ${step.what} failed: ${(error as Error).message}`);
        }
      }
    })();
    return this.running;
  }
}
