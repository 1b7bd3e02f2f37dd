import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { projectRoot } from '../../src/project-root';

/**
 * A copy of the project's sources in a temp folder, built and served by the
 * site bench. Timing a clean build means deleting the build output, and the
 * checkout's dist/ is what other people's tests and servers read at the same
 * moment: the bench never touches it.
 */
export interface ScratchSite {
  root: string;
  /** Removes the build output and Astro's caches, then runs `shipshape site build`; wall time. */
  cleanBuild(): Promise<{ ms: number }>;
  remove(): void;
}

/** What a clean build starts without: the output, Astro's generated types and its content cache. */
const BUILD_STATE = ['dist', '.astro', path.join('node_modules', '.astro')];

/**
 * Copies every file of the working tree that git tracks or would track (so
 * uncommitted work is measured, ignored output is not). node_modules becomes a
 * real folder of links to the checkout's packages, so that Astro's cache
 * (node_modules/.astro) belongs to the copy and a clean build here is clean.
 */
export function copySources(): ScratchSite {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'shipshape-bench-site-'));
  const listed = execFileSync(
    'git',
    ['ls-files', '-z', '--cached', '--others', '--exclude-standard'],
    { cwd: projectRoot, encoding: 'utf8', maxBuffer: 64 * 2 ** 20 },
  );
  for (const file of listed.split('\0').filter(Boolean)) {
    const from = path.join(projectRoot, file);
    // Deleted in the working tree but still in the index: the build would not see it either.
    if (!fs.existsSync(from)) continue;
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.copyFileSync(from, path.join(root, file));
  }
  const modules = path.join(projectRoot, 'node_modules');
  fs.mkdirSync(path.join(root, 'node_modules'));
  for (const entry of fs.readdirSync(modules)) {
    if (entry === '.astro') continue;
    fs.symlinkSync(path.join(modules, entry), path.join(root, 'node_modules', entry));
  }
  return {
    root,
    cleanBuild: async () => {
      for (const state of BUILD_STATE)
        fs.rmSync(path.join(root, state), { recursive: true, force: true });
      const started = performance.now();
      await runSiteBuild(root);
      return { ms: performance.now() - started };
    },
    remove: () => fs.rmSync(root, { recursive: true, force: true }),
  };
}

/** `node bin/shipshape.mjs site build` in `root`; rejects with the end of its output. */
function runSiteBuild(root: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/shipshape.mjs', 'site', 'build'], {
      cwd: root,
      env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0 && fs.existsSync(path.join(root, 'dist', 'server', 'entry.mjs'))) resolve();
      else
        reject(
          new Error(
            `shipshape site build failed (exit ${code}):\n${output.trim().split('\n').slice(-25).join('\n')}`,
          ),
        );
    });
  });
}
