import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../config';
import { LabAuthoringError } from '../labs/lab-authoring-error';
import { loadLabCatalog } from '../labs/lab-catalog';
import { PlatformError } from '../platform-error';
import { projectRoot } from '../project-root';
import { createImageCatalog } from '../sandbox/docker/create-docker-sandbox';
import { startServer } from '../server/start-server';
import { ensureChromium, ensureEngine, ensureImages, ensureSite, say } from './setup-steps';

const HELP = `shipshape — the Shipshape course platform

  shipshape start            set up what is missing (engine, images, site), then serve
  shipshape serve            serve the built site (HOST, PORT; default 127.0.0.1:4321)
  shipshape engine up        start a Docker engine on this machine if none answers
  shipshape images build     build the lab images that are missing or changed
  shipshape images list      the lab images, current or stale, with their sizes
  shipshape images prune     remove stale lab images that no container uses
  shipshape site build       build the site if its sources changed
  shipshape lab validate [id]  check lab manifests and the files they name
  shipshape test [args]      prepare what the tests need, then run them all (args go to vitest)
`;

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
  // Tests never reach outside this machine, not even for a registry look-up.
  if (command === 'test') return runTests({ ...config, pullBaseImage: false }, rest);
  console.log(HELP);
  return command === undefined || command === 'help' || command === '--help' ? 0 : 2;
}

async function serve(config: ReturnType<typeof loadConfig>): Promise<number> {
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

function validateLabs(labsDir: string, only: string | undefined): number {
  const { labs, problems } = loadLabCatalog(labsDir);
  const relevant = only ? problems.filter((p) => p.file.includes(`/${only}/`)) : problems;
  if (only && !labs.has(only) && relevant.length === 0) {
    console.error(`No lab "${only}" under labs/.`);
    return 2;
  }
  for (const id of labs.keys()) if (!only || id === only) console.log(`ok    ${id}`);
  for (const problem of relevant) console.error(`error ${problem.message}`);
  return relevant.length === 0 ? 0 : 1;
}

async function runTests(config: ReturnType<typeof loadConfig>, args: string[]): Promise<number> {
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
