import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { LabAuthoringError } from './lab-authoring-error';
import type { Lab } from './lab-catalog';

/**
 * A known-wrong answer: files laid over the starter, and the checks it must
 * fail. Scenarios are the grader's own regression tests (`lab test`).
 */
export interface Scenario {
  name: string;
  description: string;
  fails: string[];
  /** The folder whose files (all but scenario.yaml) are laid over the starter. */
  dir: string;
}

const ScenarioSchema = z
  .object({
    description: z.string().min(1),
    fails: z
      .array(z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/))
      .min(1, 'a scenario must fail at least one check'),
  })
  .strict();

export const SCENARIO_FILE = 'scenario.yaml';

export function loadScenarios(lab: Lab): Scenario[] {
  const root = path.join(lab.dir, 'scenarios');
  if (!fs.existsSync(root)) return [];
  return fs
    .readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => {
      const dir = path.join(root, d.name);
      const shown = `labs/${lab.manifest.id}/scenarios/${d.name}/${SCENARIO_FILE}`;
      const file = path.join(dir, SCENARIO_FILE);
      if (!fs.existsSync(file)) {
        throw new LabAuthoringError(
          shown,
          '',
          'is missing',
          'describe the scenario and list the checks it must fail',
        );
      }
      const parsed = ScenarioSchema.safeParse(parseYaml(fs.readFileSync(file, 'utf8')));
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        throw new LabAuthoringError(
          shown,
          issue.path.join('.'),
          issue.message,
          'write description: and fails: [check ids]',
        );
      }
      return { name: d.name, ...parsed.data, dir };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}
