import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Lab } from '../../src/labs/lab-catalog';
import { SCENARIO_FILE } from '../../src/labs/lab-scenarios';

/**
 * The starter with the lab's solution/ laid over it, in a temp folder, as
 * `shipshape lab test` prepares its solution phase (src/labs/lab-proof.ts):
 * an environment created from it starts with the reference solution in the
 * learner's workspace. Undefined when the lab has no solution/.
 */
export function solutionStarter(lab: Lab): { dir: string; remove(): void } | undefined {
  const solution = path.join(lab.dir, 'solution');
  if (!fs.existsSync(solution)) return undefined;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `shipshape-bench-${lab.manifest.id}-`));
  fs.cpSync(lab.starterDir, dir, { recursive: true });
  fs.cpSync(solution, dir, {
    recursive: true,
    filter: (src) => path.basename(src) !== SCENARIO_FILE,
  });
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
