import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/project-root';

/** Runs the `shipshape` CLI as an author would; tests never reach a registry. */
function shipshape(...args: string[]) {
  const result = spawnSync(process.execPath, ['bin/shipshape.mjs', ...args], {
    cwd: projectRoot,
    encoding: 'utf8',
    env: { ...process.env, SHIPSHAPE_PULL_BASE_IMAGE: '0' },
    timeout: 600_000,
  });
  return { code: result.status, out: `${result.stdout}${result.stderr}` };
}

describe('every lab proves itself (shipshape lab test --all)', () => {
  it('validates every lab: manifests, the files and check ids they name', () => {
    const { code, out } = shipshape('lab', 'validate');
    expect(out).toContain('ok    hello-service');
    expect(code, out).toBe(0);
  });

  it('fails the starter, fails each scenario exactly as listed (the cheater too), and passes the solution', () => {
    const { code, out } = shipshape('lab', 'test', '--all');
    console.log(
      out
        .split('\n')
        .filter((l) => !l.startsWith('[setup]') && !l.startsWith('[engine]'))
        .join('\n'),
    );
    expect(out).toMatch(
      /hello-service\s+starter\s+fails \[health-route\]\s+2\/4, fails \[health-route\].*ok/,
    );
    expect(out).toMatch(
      /hello-service\s+scenario cheater\s+fails \[service-answers, unknown-path-404\]\s+2\/4, fails \[service-answers, unknown-path-404\].*ok/,
    );
    expect(out).toMatch(/hello-service\s+solution\s+full marks\s+4\/4, fails \[\].*ok/);
    expect(out).not.toContain('WRONG');
    expect(out).toContain('labs prove themselves');
    expect(code, out).toBe(0);
  });
});
