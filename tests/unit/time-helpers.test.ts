import { describe, expect, it } from 'vitest';
import { consistently, eventually, sequence, successRate } from '../../grader/engine/time-helpers';
import { CheckFailure } from '../../grader/sdk';

const failIf = (condition: boolean, message: string) => {
  if (condition) throw new CheckFailure(message);
};

describe('time in checks', () => {
  it('eventually: passes once the condition comes true, within the time given', async () => {
    let calls = 0;
    await expect(
      eventually(async () => failIf(++calls < 3, 'not yet'), { within: 1_000, interval: 10 }),
    ).resolves.toBeUndefined();
    expect(calls).toBe(3);
  });

  it('eventually: fails with the last failure when time runs out, and never retries a crash', async () => {
    await expect(
      eventually(async () => failIf(true, 'still closed'), { within: 50, interval: 10 }),
    ).rejects.toThrow('still closed');
    let crashes = 0;
    await expect(
      eventually(
        async () => {
          crashes++;
          throw new TypeError('bug');
        },
        { within: 500, interval: 10 },
      ),
    ).rejects.toThrow(TypeError);
    expect(crashes).toBe(1);
  });

  it('consistently: holds for the whole time, or says when it broke', async () => {
    await expect(
      consistently(async () => undefined, { for: 60, interval: 10 }),
    ).resolves.toBeUndefined();
    let n = 0;
    await expect(
      consistently(async () => failIf(++n === 3, '503'), { for: 1_000, interval: 10 }),
    ).rejects.toThrow(/round 3.*503/);
  });

  it('sequence: each step in order, naming the one that did not happen', async () => {
    const state = { breaker: 'closed' };
    setTimeout(() => (state.breaker = 'open'), 30);
    await expect(
      sequence([
        {
          name: 'closed',
          within: 100,
          check: async () => failIf(state.breaker !== 'closed', state.breaker),
        },
        {
          name: 'open',
          within: 500,
          check: async () => failIf(state.breaker !== 'open', state.breaker),
        },
        {
          name: 'half-open',
          within: 50,
          check: async () => failIf(state.breaker !== 'half-open', state.breaker),
        },
      ]),
    ).rejects.toThrow('step 3 of 3 ("half-open") did not happen within 50 ms: open');
  });

  it('successRate: the share of calls that did not fail, however many run at once', async () => {
    const rate = await successRate(async (i) => failIf(i % 4 === 0, 'dropped'), {
      requests: 100,
      concurrency: 8,
    });
    expect(rate).toBe(0.75);
  });
});
