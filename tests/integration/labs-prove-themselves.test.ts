import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
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

const labsDir = path.join(projectRoot, 'labs');
const labIds = fs
  .readdirSync(labsDir)
  .filter((id) => fs.existsSync(path.join(labsDir, id, 'lab.yaml')))
  .sort();
const scenariosOf = (id: string): string[] => {
  const dir = path.join(labsDir, id, 'scenarios');
  return fs.existsSync(dir) ? fs.readdirSync(dir).sort() : [];
};

/** Rows spelled out in full for the first lab, so the table's format is pinned too. */
const exactly: Record<string, RegExp[]> = {
  'hello-service': [
    /hello-service\s+starter\s+fails \[health-route\]\s+2\/4, fails \[health-route\].*ok/,
    /hello-service\s+scenario cheater\s+fails \[service-answers, unknown-path-404\]\s+2\/4, fails \[service-answers, unknown-path-404\].*ok/,
    /hello-service\s+solution\s+full marks\s+4\/4, fails \[\].*ok/,
  ],
};

describe('every lab proves itself (shipshape lab test)', () => {
  it('validates every lab: manifests, the files and check ids they name', () => {
    const { code, out } = shipshape('lab', 'validate');
    for (const id of labIds) expect(out).toContain(`ok    ${id}`);
    expect(code, out).toBe(0);
  });

  // One lab at a time, so a failure names its lab and each has its own time limit.
  it.each(labIds)(
    '%s: fails the starter, fails each scenario exactly as listed, passes the solution, leaves nothing behind',
    (id) => {
      const { code, out } = shipshape('lab', 'test', id);
      const table = out
        .split('\n')
        .filter((l) => !l.startsWith('[setup]') && !l.startsWith('[engine]'))
        .join('\n');
      console.log(table);
      const row = (phase: string) => new RegExp(`^${id}\\s+${phase}\\s.*\\sok\\s*$`, 'm');
      expect(table).toMatch(row('starter'));
      for (const scenario of scenariosOf(id)) expect(table).toMatch(row(`scenario ${scenario}`));
      expect(table).toMatch(row('solution\\s+full marks'));
      for (const line of exactly[id] ?? []) expect(table).toMatch(line);
      expect(table).not.toContain('WRONG');
      expect(table).toContain('labs prove themselves');
      expect(code, out).toBe(0);
    },
    600_000,
  );
});
