import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { loadConfig } from '../config';
import { LabAuthoringError } from '../labs/lab-authoring-error';
import { loadLabCatalog } from '../labs/lab-catalog';
import { PlatformError } from '../platform-error';
import { projectRoot } from '../project-root';
import { startServer } from '../server/start-server';
import { ensureChromium, ensureEngine, ensureImages, ensureSite, say } from './setup-steps';

const HELP = `shipshape — the Shipshape course platform

  shipshape start            set up what is missing (engine, images, site), then serve
  shipshape serve            serve the built site (HOST, PORT; default 127.0.0.1:4321)
  shipshape engine up        start a Docker engine on this machine if none answers
  shipshape images build     build the lab images that are missing or changed
  shipshape site build       build the site if its sources changed
  shipshape lab validate [id]  check lab manifests and the files they name
  shipshape test             prepare what the tests need, then run them all
`;

async function main(argv: string[]): Promise<number> {
  const [command, sub, arg] = argv;
  const config = loadConfig();
  switch (`${command ?? ''} ${sub ?? ''}`.trim()) {
    case 'start': {
      if (ensureEngine()) await ensureImages(config);
      ensureSite();
      return serve(config);
    }
    case 'serve':
      return serve(config);
    case 'engine up':
      return ensureEngine() ? 0 : 1;
    case 'images build':
      if (!ensureEngine()) return 1;
      await ensureImages(config);
      return 0;
    case 'site build':
      ensureSite();
      return 0;
    case 'lab validate':
    case `lab validate ${arg}`:
      return validateLabs(config.labsDir, arg);
    case 'test':
      return runTests(config);
    default:
      console.log(HELP);
      return command === undefined || command === 'help' || command === '--help' ? 0 : 2;
  }
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

async function runTests(config: ReturnType<typeof loadConfig>): Promise<number> {
  ensureChromium();
  if (!ensureEngine()) {
    console.error('The integration and browser tests need a Docker engine: see the lines above.');
    return 1;
  }
  await ensureImages(config);
  ensureSite();
  say('running the tests (vitest)');
  const vitest = path.join(projectRoot, 'node_modules', 'vitest', 'vitest.mjs');
  const result = spawnSync(process.execPath, [vitest, 'run'], {
    cwd: projectRoot,
    stdio: 'inherit',
  });
  return result.status ?? 1;
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
