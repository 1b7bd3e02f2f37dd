import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { applyPatch, PatchError } from './apply-patch';
import { LabAuthoringError } from './lab-authoring-error';
import type { Lab } from './lab-catalog';

/**
 * A known-wrong answer: the starter, or the solution, with the scenario's
 * files laid over it and its patches applied; and the checks it must fail.
 * Scenarios are the grader's own regression tests (`lab test`).
 */
export interface Scenario {
  name: string;
  description: string;
  fails: string[];
  /** What the scenario changes: the untouched starter, or the reference solution. */
  from: 'starter' | 'solution';
  /** The scenario's folder: files laid over its base, and `*.patch` unified diffs applied to it. */
  dir: string;
}

const ScenarioSchema = z
  .object({
    description: z.string().min(1),
    fails: z
      .array(z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/))
      .min(1, 'a scenario must fail at least one check'),
    from: z.enum(['starter', 'solution']).default('starter'),
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
          'write description:, fails: [check ids] and optionally from: solution',
        );
      }
      return { name: d.name, ...parsed.data, dir };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Turns a workspace that holds the starter into the scenario's files: the
 * solution laid over it first when the scenario starts from the solution,
 * then the scenario's own files, then its patches (a PatchError names the
 * line that no longer matches).
 */
export function layScenario(lab: Lab, scenario: Scenario, workspace: string): void {
  if (scenario.from === 'solution') {
    fs.cpSync(path.join(lab.dir, 'solution'), workspace, { recursive: true });
  }
  fs.cpSync(scenario.dir, workspace, {
    recursive: true,
    filter: (src) => path.basename(src) !== SCENARIO_FILE && !src.endsWith(PATCH_SUFFIX),
  });
  for (const patch of patchFiles(scenario)) {
    try {
      applyPatch(workspace, fs.readFileSync(path.join(scenario.dir, patch), 'utf8'));
    } catch (error) {
      if (!(error instanceof PatchError)) throw error;
      throw new LabAuthoringError(
        `labs/${lab.manifest.id}/scenarios/${scenario.name}/${patch}`,
        '',
        `does not apply to the ${scenario.from}: ${error.message}`,
        `make the patch again against the ${scenario.from} (diff -u)`,
      );
    }
  }
}

const PATCH_SUFFIX = '.patch';

const patchFiles = (scenario: Scenario): string[] =>
  fs
    .readdirSync(scenario.dir)
    .filter((f) => f.endsWith(PATCH_SUFFIX))
    .sort();
