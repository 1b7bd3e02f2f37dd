/**
 * Lab image build time, cold (lab images removed, base image kept) and cached
 * (nothing changed: content-hash tags hit). The offline base bootstrap is timed
 * separately by docker/base/build-base-image.sh, which prints its own figure.
 * Run: npx tsx bench/image-build.ts
 */
import { execFileSync } from 'node:child_process';
import { loadConfig } from '../src/config';
import { createImageCatalog } from '../src/sandbox/docker/create-docker-sandbox';

const catalog = createImageCatalog(loadConfig());
const quiet = (): void => undefined;

const before = await catalog.buildAll(quiet);
try {
  execFileSync('docker', ['rmi', ...Object.values(before)], { stdio: 'pipe' });
} catch (error) {
  console.error(
    `Cannot remove the lab images for a cold build: ${String((error as { stderr?: Buffer }).stderr ?? error).trim()}`,
  );
  console.error(
    'Stop the labs that use them (DELETE their sessions, or stop the platform), then run again.',
  );
  process.exit(1);
}

let t = performance.now();
await catalog.buildAll(quiet);
const cold = performance.now() - t;

t = performance.now();
await catalog.buildAll(quiet);
const cached = performance.now() - t;

console.log(`lab images (${catalog.names().join(', ')}):`);
console.log(`  cold build (base present): ${(cold / 1000).toFixed(1)} s`);
console.log(`  cached (unchanged):        ${cached.toFixed(0)} ms`);
