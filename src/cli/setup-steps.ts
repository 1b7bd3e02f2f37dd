import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config';
import { projectRoot } from '../project-root';
import { createImageCatalog } from '../sandbox/docker/create-docker-sandbox';

export const say = (line: string): void => console.log(`[setup] ${line}`);

const ENGINE_SCRIPT = path.join(projectRoot, 'docker', 'engine', 'ensure-docker-engine.sh');
export const CHROMIUM = '/usr/bin/chromium';

/** Brings a Docker engine up through the project script; false when none can run here. */
export function ensureEngine(): boolean {
  say('checking the Docker engine');
  const result = spawnSync('bash', [ENGINE_SCRIPT], { stdio: 'inherit' });
  if (result.status === 0) return true;
  say('no Docker engine: the lessons will be served, but labs cannot start (see the lines above).');
  return false;
}

/** Builds lab images that are missing or whose Dockerfile changed. */
export async function ensureImages(config: Config): Promise<void> {
  say('checking lab images');
  const started = Date.now();
  await createImageCatalog(config).buildAll(say);
  say(`lab images ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

const SITE_SOURCES = ['src', 'content', 'labs', 'astro.config.mjs', 'package-lock.json'];

/**
 * What one build leaves, last of all the search index (written after the
 * pages): a build that failed part-way leaves one of them missing or old.
 */
const SITE_OUTPUTS = [
  path.join('dist', 'server', 'entry.mjs'),
  path.join('dist', 'client', 'pagefind', 'pagefind-entry.json'),
];

/** Builds the site when any of its outputs is missing or older than any of its sources. */
export function ensureSite(): void {
  const builtAt = Math.min(
    ...SITE_OUTPUTS.map((output) => {
      const file = path.join(projectRoot, output);
      return fs.existsSync(file) ? fs.statSync(file).mtimeMs : 0;
    }),
  );
  const newest = Math.max(...SITE_SOURCES.map((s) => newestMtime(path.join(projectRoot, s))));
  if (builtAt > newest) {
    say('site is up to date');
    return;
  }
  say('building the site (astro build)');
  const result = spawnSync(
    process.execPath,
    [path.join(projectRoot, 'node_modules', 'astro', 'astro.js'), 'build'],
    {
      cwd: projectRoot,
      stdio: 'inherit',
      env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' },
    },
  );
  if (result.status !== 0) throw new Error('astro build failed: see the lines above');
}

/** Installs Debian's Chromium for the browser tests when it is missing and we may. */
export function ensureChromium(): void {
  if (fs.existsSync(CHROMIUM)) return;
  if (process.getuid?.() !== 0 || !fs.existsSync('/usr/bin/apt-get')) {
    throw new Error(
      `Chromium is missing: install it (e.g. \`sudo apt-get install -y chromium\`) so that ${CHROMIUM} exists.`,
    );
  }
  say('installing Chromium from Debian (about a minute)');
  const update = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
  const install = spawnSync('apt-get', ['install', '-y', '-qq', 'chromium'], {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (update.status !== 0 || install.status !== 0)
    throw new Error('apt-get could not install chromium');
}

function newestMtime(target: string): number {
  if (!fs.existsSync(target)) return 0;
  const stat = fs.statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of fs.readdirSync(target))
    newest = Math.max(newest, newestMtime(path.join(target, entry)));
  return newest;
}
