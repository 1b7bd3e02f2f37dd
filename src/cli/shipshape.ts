import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig, type Config } from '../config';
import { LabAuthoringError } from '../labs/lab-authoring-error';
import { loadLabCatalog } from '../labs/lab-catalog';
import { PlatformError } from '../platform-error';
import { projectRoot } from '../project-root';
import { createDockerSandbox, createImageCatalog } from '../sandbox/docker/create-docker-sandbox';
import { startServer } from '../server/start-server';
import { createPlatform } from '../server/platform';
import { gradeSession } from '../labs/grade-session';
import { proveLab } from '../labs/lab-proof';
import { validateLabDeeply } from '../labs/validate-lab';
import { ensureChromium, ensureEngine, ensureImages, ensureSite, say } from './setup-steps';
import { USER_HELP, userCommand } from './user-command';
import { CERTIFICATE_HELP, certificateCommand } from './certificate-command';

const HELP = `shipshape — the Shipshape course platform

  shipshape start            set up what is missing (engine, images, site), then serve
  shipshape serve            serve the built site (HOST, PORT; default 127.0.0.1:4321)
  shipshape engine up        start a Docker engine on this machine if none answers
  shipshape images build     build the lab images that are missing or changed
  shipshape images list      the lab images, current or stale, with their sizes
  shipshape images prune     remove stale lab images that no container uses
  shipshape site build       build the site if its sources changed
  shipshape lab validate [id]  check lab manifests, the files and check ids they name
  shipshape lab test <id|--all>  prove labs: starter fails, scenarios fail as listed, solution passes
  shipshape grade <session-id>   grade a running lab session (nothing is stored)
  shipshape test [args]      prepare what the tests need, then run them all (args go to vitest)
${USER_HELP}${CERTIFICATE_HELP}`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const config = loadConfig();
  const sub = rest[0];
  if (command === 'start') {
    if (ensureEngine()) await ensureImages(config);
    ensureSite();
    return serve(config);
  }
  if (command === 'serve') return serve(config);
  if (command === 'engine' && sub === 'up') return ensureEngine() ? 0 : 1;
  if (command === 'images' && sub === 'build') {
    if (!ensureEngine()) return 1;
    await ensureImages(config);
    return 0;
  }
  if (command === 'images' && sub === 'list') {
    const images = await createImageCatalog(config).list();
    for (const i of images) {
      const size = `${(i.sizeBytes / 1024 / 1024).toFixed(0)} MB`.padStart(7);
      console.log(
        `${i.current ? 'current' : 'stale  '}  ${size}  ${i.createdAt.slice(0, 16)}  ${i.tag}`,
      );
    }
    if (images.length === 0) console.log('No lab images yet: run `npx shipshape images build`.');
    return 0;
  }
  if (command === 'images' && sub === 'prune') {
    const removed = await createImageCatalog(config).prune(say);
    console.log(`${removed.length} stale images removed.`);
    return 0;
  }
  if (command === 'site' && sub === 'build') {
    ensureSite();
    return 0;
  }
  if (command === 'lab' && sub === 'validate') return validateLabs(config.labsDir, rest[1]);
  if (command === 'lab' && sub === 'test') return testLabs(config, rest[1]);
  if (command === 'grade' && sub) return gradeOne(config, sub);
  if (command === 'user') return userCommand(config, rest);
  if (command === 'certificate') return certificateCommand(config, rest);
  // Tests never reach outside this machine, not even for a registry look-up.
  if (command === 'test') return runTests({ ...config, pullBaseImage: false }, rest);
  console.log(HELP);
  return command === undefined || command === 'help' || command === '--help' ? 0 : 2;
}

async function serve(config: Config): Promise<number> {
  const running = await startServer(config);
  console.log(`\n  Shipshape is serving at ${running.url}\n`);
  const stop = (): void => {
    console.log(
      'Shutting down (lab sessions keep running and are picked up again at the next start).',
    );
    void running.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return new Promise<number>(() => undefined);
}

async function validateLabs(labsDir: string, only: string | undefined): Promise<number> {
  const { labs, problems } = loadLabCatalog(labsDir);
  const relevant = only ? problems.filter((p) => p.file.includes(`/${only}/`)) : problems;
  if (only && !labs.has(only) && relevant.length === 0) {
    console.error(`No lab "${only}" under labs/.`);
    return 2;
  }
  for (const [id, lab] of labs) {
    if (only && id !== only) continue;
    const deep = await validateLabDeeply(lab);
    relevant.push(...deep);
    if (deep.length === 0) console.log(`ok    ${id}`);
  }
  for (const problem of relevant) console.error(`error ${problem.message}`);
  return relevant.length === 0 ? 0 : 1;
}

/** `lab test [id|--all]`: every lab proves itself on the real engine; a table says how. */
async function testLabs(config: Config, which: string | undefined): Promise<number> {
  if (!which) {
    console.error('Name a lab, or --all.');
    return 2;
  }
  if ((await validateLabs(config.labsDir, which === '--all' ? undefined : which)) !== 0) return 1;
  if (!ensureEngine()) return 1;
  await ensureImages(config);
  const { labs } = loadLabCatalog(config.labsDir);
  // A platform id of its own: a server running beside it never mistakes these environments for leftovers.
  const driver = createDockerSandbox({ ...config, platformId: `labtest-${process.pid}` });
  const chosen = which === '--all' ? [...labs.values()] : [labs.get(which)!];
  const rows: string[][] = [['lab', 'phase', 'expected', 'got', 'time', '']];
  let ok = true;
  for (const lab of chosen) {
    const proof = await proveLab(lab, driver, config, say);
    ok &&= proof.ok;
    for (const p of proof.phases) {
      rows.push([
        lab.manifest.id,
        p.name,
        p.expected,
        p.got,
        `${(p.ms / 1000).toFixed(1)} s`,
        p.ok ? 'ok' : 'WRONG',
      ]);
    }
    if (proof.leftovers.length)
      rows.push([
        lab.manifest.id,
        'clean-up',
        'nothing left',
        proof.leftovers.join(' '),
        '',
        'WRONG',
      ]);
  }
  printTable(rows);
  console.log(
    ok ? `\nall ${chosen.length} labs prove themselves` : '\nsome labs do not prove themselves',
  );
  return ok ? 0 : 1;
}

/** `grade <session-id>`: grades a running session as its learner would, without storing an attempt. */
async function gradeOne(config: Config, sessionId: string): Promise<number> {
  const platform = createPlatform(config);
  try {
    const record = platform.store.getLabSession(sessionId);
    if (!record || record.state !== 'ready') {
      console.error(`No running lab session ${sessionId} in ${config.dataDir}.`);
      return 2;
    }
    const lab = platform.sessions.lab(record.labId);
    const result = await gradeSession(lab, platform.driver, sessionId);
    printTable([
      ['check', 'status', 'points', 'output'],
      ...result.tests.map((t) => [
        t.id,
        t.status,
        `${t.score}/${t.max_score}`,
        t.output.split('\n')[0] ?? '',
      ]),
    ]);
    console.log(
      `\n${result.score}/${result.max_score}${result.gradable ? '' : ' (not gradable)'} in ${result.duration_ms} ms`,
    );
    return result.passed ? 0 : 1;
  } finally {
    platform.close();
  }
}

function printTable(rows: string[][]): void {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  for (const row of rows)
    console.log(
      row
        .map((cell, c) => cell.padEnd(widths[c]!))
        .join('  ')
        .trimEnd(),
    );
}

async function runTests(config: Config, args: string[]): Promise<number> {
  ensureChromium();
  if (!ensureEngine()) {
    console.error('The integration and browser tests need a Docker engine: see the lines above.');
    return 1;
  }
  await ensureImages(config);
  ensureSite();
  say('running the tests (vitest)');
  const vitest = path.join(projectRoot, 'node_modules', 'vitest', 'vitest.mjs');
  const report = path.join(projectRoot, 'test-results', 'vitest.json');
  fs.rmSync(report, { force: true });
  const started = Date.now();
  const result = spawnSync(
    process.execPath,
    [
      vitest,
      'run',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${report}`,
      ...args,
    ],
    { cwd: projectRoot, stdio: 'inherit' },
  );
  printSummary(report, Date.now() - started);
  return result.status ?? 1;
}

/** One plain closing line that any CI can read, whatever the runner printed above it. */
function printSummary(report: string, ms: number): void {
  if (!fs.existsSync(report)) return;
  const counts = JSON.parse(fs.readFileSync(report, 'utf8')) as {
    numPassedTests: number;
    numFailedTests: number;
    numPendingTests: number;
  };
  console.log(`\nin ${(ms / 1000).toFixed(1)} s:`);
  console.log(
    `${counts.numPassedTests} passed, ${counts.numFailedTests} failed, ${counts.numPendingTests} skipped`,
  );
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== undefined) process.exitCode = code;
  },
  (error: unknown) => {
    if (PlatformError.is(error) || error instanceof LabAuthoringError) {
      console.error(`\n${error.message}`);
      if (PlatformError.is(error) && error.action) console.error(`  To fix: ${error.action}`);
    } else {
      console.error(error);
    }
    process.exitCode = 1;
  },
);
