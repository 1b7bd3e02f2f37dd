import { CheckFailure } from '../sdk/check-failure';
import type { SequenceStep } from '../sdk/types';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Retries until `fn` stops failing or time is up; a crash of the check itself is not retried. */
export async function eventually<T>(
  fn: () => Promise<T>,
  { within, interval = 250 }: { within: number; interval?: number },
): Promise<T> {
  const deadline = performance.now() + within;
  for (;;) {
    try {
      return await fn();
    } catch (error) {
      if (!(error instanceof CheckFailure) || performance.now() + interval > deadline) throw error;
      await sleep(interval);
    }
  }
}

export async function consistently(
  fn: () => Promise<void>,
  options: { for: number; interval?: number },
): Promise<void> {
  const until = performance.now() + options.for;
  const interval = options.interval ?? 250;
  let rounds = 0;
  do {
    try {
      await fn();
    } catch (error) {
      if (!(error instanceof CheckFailure)) throw error;
      const at = Math.round(options.for - (until - performance.now()));
      throw new CheckFailure(
        `held for ${at} ms of the required ${options.for} ms (round ${rounds + 1}): ${error.message}`,
      );
    }
    rounds++;
    await sleep(interval);
  } while (performance.now() < until);
}

export async function sequence(steps: SequenceStep[]): Promise<void> {
  for (const [i, step] of steps.entries()) {
    try {
      await eventually(step.check, { within: step.within });
    } catch (error) {
      if (!(error instanceof CheckFailure)) throw error;
      throw new CheckFailure(
        `step ${i + 1} of ${steps.length} ("${step.name}") did not happen within ${step.within} ms: ${error.message}`,
      );
    }
  }
}

export async function successRate(
  fn: (i: number) => Promise<void>,
  { requests, concurrency = 1 }: { requests: number; concurrency?: number },
): Promise<number> {
  let next = 0;
  let ok = 0;
  const worker = async (): Promise<void> => {
    while (next < requests) {
      const i = next++;
      try {
        await fn(i);
        ok++;
      } catch (error) {
        if (!(error instanceof CheckFailure)) throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, requests)) }, worker));
  return requests === 0 ? 1 : ok / requests;
}
