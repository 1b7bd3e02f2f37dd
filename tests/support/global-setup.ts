import { LABELS } from '../../src/sandbox/labels';
import { docker, removePlatformObjects } from './docker-cli';

/**
 * Every test platform id starts with `test-`. Whatever a crashed or killed run
 * left behind is removed before the suite starts and again after it ends.
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
  const platforms = new Set(listing.split('\n').filter((id) => id.startsWith('test-')));
  for (const id of platforms) removePlatformObjects(id);
}

export function setup(): () => void {
  removeAllTestPlatforms();
  return removeAllTestPlatforms;
}
