import { LABELS } from '../../src/sandbox/labels';
import { docker, removePlatformObjects } from './docker-cli';

/**
 * Test platform ids are `test-<pid>-<random>` (`labtest-<pid>` for `shipshape lab test`). Whatever belongs to a process
 * that no longer runs (a crashed or killed run) is removed before the suite
 * starts and again after it ends; a run going on beside this one is left alone.
 */
function removeAllTestPlatforms(): void {
  let listing: string;
  try {
    listing = [
      docker('ps', '-a', '--format', `{{.Label "${LABELS.platform}"}}`),
      docker('network', 'ls', '--format', `{{.Label "${LABELS.platform}"}}`),
      docker('volume', 'ls', '--format', `{{.Label "${LABELS.platform}"}}`),
    ].join('\n');
  } catch {
    return; // no engine: the tests that need one say so themselves
  }
  const platforms = new Set(
    listing.split('\n').filter((id) => /^(test|labtest)-/.test(id) && !ownerAlive(id)),
  );
  for (const id of platforms) removePlatformObjects(id);
}

export function setup(): () => void {
  removeAllTestPlatforms();
  return removeAllTestPlatforms;
}

function ownerAlive(platformId: string): boolean {
  const pid = Number(platformId.split('-')[1]);
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
