import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { GradeResult } from '../../grader/engine/grade-result';
import type { Config } from '../config';
import type { SandboxDriver } from '../sandbox/sandbox-driver';
import { environmentSpec } from './environment-spec';
import { gradeSession } from './grade-session';
import type { Lab } from './lab-catalog';
import { layScenario, loadScenarios } from './lab-scenarios';

export interface ProofPhase {
  /** `starter`, `scenario <name>` or `solution`. */
  name: string;
  expected: string;
  /** What the grader said, in the same words. */
  got: string;
  ok: boolean;
  score: number;
  maxScore: number;
  ms: number;
}

export interface LabProof {
  lab: string;
  ok: boolean;
  phases: ProofPhase[];
  /** Objects left on the engine afterwards (must be none). */
  leftovers: string[];
}

/**
 * A lab proves itself: the untouched starter fails (the checks it lists, if it
 * lists them), each known-wrong scenario fails exactly its checks, and the
 * reference solution scores full marks. Every phase runs in a fresh
 * environment, removed afterwards.
 */
export async function proveLab(
  lab: Lab,
  driver: SandboxDriver,
  config: Config,
  log: (line: string) => void = () => undefined,
): Promise<LabProof> {
  const { manifest } = lab;
  const phases: ProofPhase[] = [];
  const failedIds = (r: GradeResult) =>
    r.tests
      .filter((t) => t.status !== 'passed')
      .map((t) => t.id)
      .sort();
  const describe = (r: GradeResult) =>
    r.gradable
      ? `${r.score}/${r.max_score}, fails [${failedIds(r).join(', ')}]`
      : `not gradable: ${r.error ?? ''}`;

  const run = async (
    name: string,
    prepare: (workspace: string) => void,
    expected: string,
    judge: (r: GradeResult) => boolean,
  ) => {
    log(`${manifest.id}: ${name} …`);
    const started = performance.now();
    const result = await gradeOnce(lab, driver, config, prepare);
    const phase: ProofPhase = {
      name,
      expected,
      got: describe(result),
      ok: result.gradable && judge(result),
      score: result.score,
      maxScore: result.max_score,
      ms: Math.round(performance.now() - started),
    };
    phases.push(phase);
    log(
      `${manifest.id}: ${name} ${phase.ok ? 'as expected' : 'WRONG'}: ${phase.got} (${phase.ms} ms)`,
    );
  };

  const starterFails = [...manifest.starter_fails].sort();
  await run(
    'starter',
    () => undefined,
    starterFails.length ? `fails [${starterFails.join(', ')}]` : 'below full marks',
    (r) => r.score < r.max_score && (starterFails.length === 0 || same(failedIds(r), starterFails)),
  );
  for (const scenario of loadScenarios(lab)) {
    const fails = [...scenario.fails].sort();
    await run(
      `scenario ${scenario.name}`,
      (workspace) => layScenario(lab, scenario, workspace),
      `fails [${fails.join(', ')}]`,
      (r) => same(failedIds(r), fails),
    );
  }
  await run(
    'solution',
    (workspace) => fs.cpSync(path.join(lab.dir, 'solution'), workspace, { recursive: true }),
    'full marks',
    (r) => r.score === r.max_score,
  );

  const leftovers = await driver.listEnvironments();
  return {
    lab: manifest.id,
    ok: phases.every((p) => p.ok) && leftovers.length === 0,
    phases,
    leftovers,
  };
}

async function gradeOnce(
  lab: Lab,
  driver: SandboxDriver,
  config: Config,
  /** Turns a copy of the starter into the files this phase grades. */
  prepare: (workspace: string) => void,
): Promise<GradeResult> {
  const files = fs.mkdtempSync(path.join(os.tmpdir(), `shipshape-proof-${lab.manifest.id}-`));
  const sessionId = randomBytes(8).toString('hex');
  try {
    fs.cpSync(lab.starterDir, files, { recursive: true });
    prepare(files);
    await driver.createEnvironment(
      environmentSpec({ ...lab, starterDir: files }, sessionId, 'lab-test', config),
    );
    return await gradeSession(lab, driver, sessionId);
  } finally {
    await driver.destroyEnvironment(sessionId);
    fs.rmSync(files, { recursive: true, force: true });
  }
}

const same = (a: string[], b: string[]): boolean =>
  a.length === b.length && a.every((x, i) => x === b[i]);
