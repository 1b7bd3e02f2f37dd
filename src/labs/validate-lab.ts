import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadChecks } from '../../grader/engine/load-checks';
import { LabAuthoringError } from './lab-authoring-error';
import type { Lab } from './lab-catalog';
import { layScenario, loadScenarios, type Scenario } from './lab-scenarios';

/**
 * What loading a lab cannot see: every check id named anywhere exists in
 * checks.ts, scenarios are well formed, and nothing in the starter leads to
 * files the learner must not have (the solution, the checks).
 */
export async function validateLabDeeply(lab: Lab): Promise<LabAuthoringError[]> {
  const problems: LabAuthoringError[] = [];
  const id = lab.manifest.id;
  const manifestFile = `labs/${id}/lab.yaml`;
  let checkIds: string[];
  try {
    checkIds = Object.keys(await loadChecks(lab.checksFile));
  } catch (error) {
    return [
      new LabAuthoringError(
        `labs/${id}/checks.ts`,
        '',
        `does not load: ${(error as Error).message}`,
        'fix the error, then validate again',
      ),
    ];
  }
  const unknown = (ids: string[], file: string, field: string): void => {
    ids.forEach((check, i) => {
      if (!checkIds.includes(check)) {
        problems.push(
          new LabAuthoringError(
            file,
            `${field}.${i}`,
            `names the check "${check}", which checks.ts does not define`,
            `use one of: ${checkIds.join(', ')}`,
          ),
        );
      }
    });
  };
  lab.manifest.steps.forEach((step, i) => unknown(step.checks, manifestFile, `steps.${i}.checks`));
  unknown(Object.keys(lab.manifest.hints), manifestFile, 'hints');
  unknown(lab.manifest.starter_fails, manifestFile, 'starter_fails');
  try {
    for (const scenario of loadScenarios(lab)) {
      unknown(scenario.fails, `labs/${id}/scenarios/${scenario.name}/scenario.yaml`, 'fails');
      layInScratch(lab, scenario);
    }
  } catch (error) {
    if (!(error instanceof LabAuthoringError)) throw error;
    problems.push(error);
  }
  if (!fs.existsSync(path.join(lab.dir, 'solution'))) {
    problems.push(
      new LabAuthoringError(
        `labs/${id}`,
        'solution/',
        'is missing',
        'add the reference solution: `lab test` grades it and expects full marks',
      ),
    );
  }
  for (const link of symlinks(lab.starterDir)) {
    problems.push(
      new LabAuthoringError(
        `labs/${id}/starter/${link}`,
        '',
        'is a symbolic link',
        "the learner's files are copied as plain files; a link could point at the solution or the checks",
      ),
    );
  }
  return problems;
}

/** A scenario whose patch no longer applies is an authoring error `lab validate` can see without an engine. */
function layInScratch(lab: Lab, scenario: Scenario): void {
  // A missing solution is reported on its own, below.
  if (scenario.from === 'solution' && !fs.existsSync(path.join(lab.dir, 'solution'))) return;
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), `shipshape-validate-${lab.manifest.id}-`));
  try {
    fs.cpSync(lab.starterDir, scratch, { recursive: true });
    layScenario(lab, scenario, scratch);
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

function symlinks(dir: string, prefix = ''): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isSymbolicLink()) return [rel];
    return entry.isDirectory() ? symlinks(path.join(dir, entry.name), rel) : [];
  });
}
