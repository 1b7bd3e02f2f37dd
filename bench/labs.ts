/**
 * Lab benchmark: for each lab, how long it takes to start cold and to grade
 * its reference solution, and that the solution scores full marks every time.
 *
 *  cold start: images already built (built first when missing, not timed) and
 *    no environment of the lab running; `sessions.start()` until
 *    `whenStarted()` says ready, i.e. every service ready, on an in-process
 *    platform (tests/support/test-platform.ts), as "Start lab" runs it.
 *    One warm-up start is not counted; each start is stopped before the next.
 *  grading: one environment whose workspace holds the starter with solution/
 *    laid over it (as `shipshape lab test` does), graded N times through
 *    gradeSession, the path "Check my work" and `lab test` share.
 *
 * Run: npx tsx bench/labs.ts [lab ids…] [--runs N] [--labs-dir DIR]
 *   (default: every folder of labs/, N = 7; never part of `npm test`)
 * Everything it creates carries its own `dev.shipshape.platform=test-<pid>-…`
 * label and is removed at the end, on failure and on Ctrl-C.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { environmentSpec } from '../src/labs/environment-spec';
import { gradeSession } from '../src/labs/grade-session';
import type { Lab } from '../src/labs/lab-catalog';
import { createImageCatalog } from '../src/sandbox/docker/create-docker-sandbox';
import { LABELS } from '../src/sandbox/labels';
import { docker, objectsWithLabel } from '../tests/support/docker-cli';
import { createTestPlatform } from '../tests/support/test-platform';
import { CleanUp } from './support/clean-up';
import { formatMs, loadAverage, median, passOrMiss, quantile, table } from './support/figures';
import { solutionStarter } from './support/solution-starter';

const { values: options, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    runs: { type: 'string', default: '7' },
    'labs-dir': { type: 'string', default: 'labs' },
  },
});
const RUNS = Number(options.runs);
if (!Number.isInteger(RUNS) || RUNS < 1) throw new Error('--runs must be a positive integer');

/** Reference goals: bench/lab-start.ts holds a cold start to a usable prompt to 3 s; lab authors keep a grading under 30 s. */
const COLD_START_P50_MS = 3_000;
const GRADING_P95_MS = 30_000;
/** A start or grading that takes longer is stuck, not slow. */
const START_TIMEOUT_MS = 180_000;
const GRADING_TIMEOUT_MS = 360_000;

const log = (line: string): void => void process.stderr.write(`[labs bench] ${line}\n`);
const cleanUp = new CleanUp();

async function within<T>(ms: number, what: string, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what}: no result within ${ms / 1000} s`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

interface LabFigures {
  lab: string;
  containers: number;
  coldStartMs: number[];
  gradingMs: number[];
  /** `3/3` per grading. */
  scores: string[];
  fullMarks: boolean | undefined;
  notes: string[];
  problem?: string;
}

const t = createTestPlatform({ SHIPSHAPE_LABS_DIR: options['labs-dir'] });
cleanUp.add('remove the platform and everything labelled with it', () => t.dispose());
const { platform, config } = t;
const catalog = createImageCatalog(config);

const allFolders = fs
  .readdirSync(config.labsDir, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();
const labIds = positionals.length ? positionals : allFolders;

/** Builds what the lab runs when it is missing; the time, when something had to be built. */
async function ensureImages(lab: Lab): Promise<number | undefined> {
  const spec = environmentSpec(lab, 'images', 'bench', config);
  const refs = [spec.workspace.image, ...spec.services.map((s) => s.image)];
  const started = performance.now();
  let built = false;
  for (const ref of refs)
    await catalog.ensure(ref, (line) => {
      built = true;
      log(`  ${lab.manifest.id}: ${line}`);
    });
  return built ? performance.now() - started : undefined;
}

/** sessions.start → ready, for a new guest; stopped (and removed) before it returns. */
async function coldStart(lab: Lab): Promise<number> {
  const user = platform.store.createGuestUser().id;
  const started = performance.now();
  const { session } = await platform.sessions.start(user, lab.manifest.id);
  try {
    const record = await within(
      START_TIMEOUT_MS,
      `${lab.manifest.id} start`,
      platform.sessions.whenStarted(session.id),
    );
    const ms = performance.now() - started;
    if (record.state !== 'ready')
      throw new Error(`the start ended ${record.state}: ${record.error ?? 'no error given'}`);
    return ms;
  } finally {
    // A start still running when stopped removes what it made as soon as it finishes.
    await platform.sessions.stop(user, session.id);
  }
}

async function benchLab(id: string): Promise<LabFigures> {
  const figures: LabFigures = {
    lab: id,
    containers: 0,
    coldStartMs: [],
    gradingMs: [],
    scores: [],
    fullMarks: undefined,
    notes: [],
  };
  const lab = platform.catalog.labs.get(id);
  if (!lab) {
    const problem = platform.catalog.problems.find((p) => p.message.includes(`/${id}/`));
    figures.problem = problem
      ? `does not load: ${problem.message}`
      : `no lab ${id} in ${config.labsDir}`;
    return figures;
  }
  const spec = environmentSpec(lab, 'count', 'bench', config);
  figures.containers = 1 + spec.services.reduce((n, s) => n + s.replicas, 0);
  try {
    const buildMs = await ensureImages(lab);
    if (buildMs !== undefined) figures.notes.push(`images built first in ${formatMs(buildMs)}`);

    log(`${id}: cold start, 1 warm-up + ${RUNS}`);
    await coldStart(lab);
    for (let i = 0; i < RUNS; i++) figures.coldStartMs.push(await coldStart(lab));

    const starter = solutionStarter(lab);
    if (!starter) {
      figures.notes.push('no solution/ folder: grading not measured');
      return figures;
    }
    const sessionId = randomBytes(8).toString('hex');
    try {
      log(`${id}: grading the solution ${RUNS} times`);
      const created = performance.now();
      await within(
        START_TIMEOUT_MS,
        `${id} solution environment`,
        platform.driver.createEnvironment(
          environmentSpec({ ...lab, starterDir: starter.dir }, sessionId, 'bench', config),
        ),
      );
      figures.notes.push(`solution environment up in ${formatMs(performance.now() - created)}`);
      for (let i = 0; i < RUNS; i++) {
        const started = performance.now();
        const result = await within(
          GRADING_TIMEOUT_MS,
          `${id} grading`,
          gradeSession(lab, platform.driver, sessionId),
        );
        figures.gradingMs.push(performance.now() - started);
        figures.scores.push(`${result.score}/${result.max_score}`);
        const full = result.gradable && result.score === result.max_score;
        figures.fullMarks = (figures.fullMarks ?? true) && full;
        if (!full) {
          const failed = result.tests.filter((c) => c.status !== 'passed');
          figures.notes.push(
            `grading ${i + 1}: ${result.gradable ? '' : `not gradable (${result.error ?? '?'}); `}` +
              failed.map((c) => `${c.id} ${c.status}: ${c.output.split('\n')[0]}`).join('; '),
          );
        }
      }
      figures.notes.push(
        `first grading ${formatMs(figures.gradingMs[0]!)} (it also imports checks.ts); load average now ${loadAverage()}`,
      );
    } finally {
      await platform.driver.destroyEnvironment(sessionId);
      starter.remove();
    }
  } catch (error) {
    figures.problem = (error as Error).message;
  }
  return figures;
}

const otherContainers = (): number => {
  const ours = new Set(
    docker('ps', '-q', '--filter', `label=${LABELS.platform}=${config.platformId}`)
      .split('\n')
      .filter(Boolean),
  );
  return docker('ps', '-q')
    .split('\n')
    .filter((c) => c && !ours.has(c)).length;
};

let failed = false;
try {
  const header = [
    `Shipshape lab bench — ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Docker ${docker('version', '--format', '{{.Server.Version}}')}, runs=${RUNS}`,
    `labs from ${path.relative(process.cwd(), config.labsDir) || '.'}: ${labIds.join(', ')}; load average ${loadAverage()}, other containers on the engine ${otherContainers()}`,
  ];
  const results: LabFigures[] = [];
  for (const id of labIds) results.push(await benchLab(id));

  const pair = (ms: number[]) =>
    ms.length ? `${formatMs(median(ms))} / ${formatMs(quantile(ms, 0.95))}` : '—';
  const rows = results.map((r) => [
    r.lab,
    r.containers ? String(r.containers) : '—',
    pair(r.coldStartMs),
    pair(r.gradingMs),
    r.fullMarks === undefined
      ? '—'
      : `${[...new Set(r.scores)].join(', ')} ×${r.scores.length} ${passOrMiss(r.fullMarks)}`,
    r.coldStartMs.length ? passOrMiss(median(r.coldStartMs) <= COLD_START_P50_MS) : '—',
    r.gradingMs.length ? passOrMiss(quantile(r.gradingMs, 0.95) <= GRADING_P95_MS) : '—',
  ]);
  const out = [
    ...header,
    '',
    table(
      [
        'lab',
        'containers',
        'cold start p50 / p95',
        'grading p50 / p95',
        'solution score',
        `start p50 ≤ ${formatMs(COLD_START_P50_MS)}`,
        `grading p95 ≤ ${formatMs(GRADING_P95_MS)}`,
      ],
      rows,
    ),
    '',
  ];
  for (const r of results) {
    if (r.problem) {
      failed = true;
      out.push(`${r.lab}: FAILED: ${r.problem}`);
    }
    if (r.fullMarks === false) failed = true;
    for (const note of r.notes) out.push(`${r.lab}: ${note}`);
  }
  out.push(
    '',
    `How measured: n=${RUNS} each, nearest-rank p50/p95 (with n < 20, p95 is the slowest). Cold start = sessions.start() → whenStarted()`,
    '  ready (every service healthy, or its ports open), new guest user each run, stopped before the next, 1 warm-up start not',
    '  counted. Grading = gradeSession() on one environment started from starter/ + solution/: waits for the ports, runs every',
    '  check in step order; the learner path adds only its queue and one stored row.',
  );
  await cleanUp.run();
  const left = objectsWithLabel(`${LABELS.platform}=${config.platformId}`);
  const leftCount = left.containers.length + left.networks.length + left.volumes.length;
  if (leftCount) failed = true;
  out.push(
    `Left on the engine afterwards: ${leftCount ? `${leftCount} objects (MISS)` : 'nothing'}; load average at end ${loadAverage()}.`,
  );
  console.log(out.join('\n'));
} catch (error) {
  console.error(`labs bench failed: ${(error as Error).stack ?? String(error)}`);
  failed = true;
} finally {
  await cleanUp.run();
}
process.exitCode = failed ? 1 : 0;
