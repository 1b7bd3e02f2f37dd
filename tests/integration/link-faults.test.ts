import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gradeLab } from '../../grader/engine/grade-lab';
import { defineChecks } from '../../grader/sdk';
import { environmentSpec } from '../../src/labs/environment-spec';
import { createTestPlatform, type TestPlatform } from '../support/test-platform';

describe('latency and resets on a link through the fault proxy', () => {
  let t: TestPlatform;
  const sessionId = 'f00d000000000001';
  const timeThroughLink = async (): Promise<string> => {
    const res = await t.platform.driver.exec(sessionId, 'workspace', [
      'curl',
      '-s',
      '-o',
      '/dev/null',
      '-m',
      '5',
      '-w',
      '%{http_code} %{time_total}',
      'http://backend-link:8000/',
    ]);
    return res.stdout.trim();
  };

  beforeAll(async () => {
    t = createTestPlatform({ SHIPSHAPE_LABS_DIR: 'tests/fixtures/labs' });
    const lab = t.platform.catalog.labs.get('proxied')!;
    await t.platform.driver.createEnvironment(environmentSpec(lab, sessionId, 'tester', t.config));
  });
  afterAll(() => t.dispose());

  it('slows and breaks the link during the check, and leaves it clean afterwards', async () => {
    const seen: Record<string, string> = {};
    const result = await gradeLab({
      labId: 'proxied',
      order: [],
      target: { driver: t.platform.driver, sessionId },
      checks: defineChecks({
        'under-link-faults': {
          title: 'the link under latency and resets',
          points: 1,
          async run({ faults }) {
            seen['clean'] = await timeThroughLink();
            await faults.latency('backend-link', 400);
            seen['slow'] = await timeThroughLink();
            await faults.errors('backend-link', 1);
            seen['broken'] = await timeThroughLink();
          },
        },
      }),
    });
    expect(result.tests[0]?.status).toBe('passed');
    const [cleanCode, cleanTime] = seen['clean']!.split(' ');
    const [slowCode, slowTime] = seen['slow']!.split(' ');
    expect(cleanCode).toBe('200');
    expect(Number(cleanTime)).toBeLessThan(0.3);
    expect(slowCode).toBe('200');
    expect(Number(slowTime)).toBeGreaterThanOrEqual(0.4);
    expect(seen['broken']).toMatch(/^000 /);
    expect(result.faults.map((f) => [f.kind, f.restored_at_ms !== undefined])).toEqual([
      ['latency 400', true],
      ['errors 1', true],
    ]);
    const after = (await timeThroughLink()).split(' ');
    expect(after[0]).toBe('200');
    expect(Number(after[1])).toBeLessThan(0.3);
  });
});
