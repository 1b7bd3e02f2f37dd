// `npm start` and `npm test` land here first. Plain Node with no dependencies,
// because on a fresh clone node_modules does not exist yet.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const installed = path.join(root, 'node_modules', '.package-lock.json');
const lock = path.join(root, 'package-lock.json');

if (!fs.existsSync(installed) || fs.statSync(lock).mtimeMs > fs.statSync(installed).mtimeMs) {
  console.log('[setup] installing dependencies (npm ci, about two minutes the first time)');
  const result = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (result.status !== 0) {
    console.error(
      '[setup] npm ci failed: read the lines above, fix the cause, and run the command again.',
    );
    process.exit(result.status ?? 1);
  }
}

const cli = path.join(root, 'bin', 'shipshape.mjs');
const child = spawn(process.execPath, [cli, ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
});
// A service manager stops us with a signal to this process alone: pass it on, so the
// platform shuts down cleanly instead of running on as an orphan.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => child.kill(signal));
}
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
