import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/project-root';
import { loadLab } from '../../src/labs/lab-catalog';
import { layScenario, loadScenarios } from '../../src/labs/lab-scenarios';
import { validateLabDeeply } from '../../src/labs/validate-lab';

/** A copy of hello-service to break on purpose, two levels below the project like labs/ (checks.ts imports ../../grader). */
function copyOfHelloService(): string {
  const root = fs.mkdtempSync(path.join(projectRoot, '.test-labs-'));
  const dir = path.join(root, 'hello-service');
  fs.cpSync(path.join(projectRoot, 'labs', 'hello-service'), dir, { recursive: true });
  return dir;
}

describe('a scenario written as a patch against the solution', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => fs.rmSync(path.dirname(d), { recursive: true, force: true })));

  it('is the solution with exactly the patched lines changed', () => {
    const lab = loadLab(path.join(projectRoot, 'labs', 'hello-service'));
    const scenario = loadScenarios(lab).find((s) => s.name === 'wrong-health-body')!;
    expect(scenario.from).toBe('solution');
    const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'workspace-'));
    dirs.push(path.join(workspace, 'x'));
    fs.cpSync(lab.starterDir, workspace, { recursive: true });
    layScenario(lab, scenario, workspace);
    const solution = fs.readFileSync(path.join(lab.dir, 'solution', 'app.py'), 'utf8').split('\n');
    const laid = fs.readFileSync(path.join(workspace, 'app.py'), 'utf8').split('\n');
    expect(laid).toHaveLength(solution.length);
    const changed = laid.filter((line, i) => line !== solution[i]);
    expect(changed.length).toBeGreaterThan(0);
    expect(changed.length).toBeLessThanOrEqual(4);
    expect(fs.existsSync(path.join(workspace, 'changes.patch'))).toBe(false);
  });

  it('that no longer applies after the solution changed is an authoring error `lab validate` names', async () => {
    const dir = copyOfHelloService();
    dirs.push(dir);
    const app = path.join(dir, 'solution', 'app.py');
    fs.writeFileSync(app, fs.readFileSync(app, 'utf8').replace(/"ok"/g, '"healthy"'));
    const problems = await validateLabDeeply(loadLab(dir));
    expect(problems.map((p) => p.message)).toEqual([
      expect.stringMatching(
        /^labs\/hello-service\/scenarios\/wrong-health-body\/changes\.patch: does not apply to the solution: app\.py: line \d+ reads/,
      ),
    ]);
  });
});
