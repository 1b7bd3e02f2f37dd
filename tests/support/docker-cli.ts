import { execFileSync } from 'node:child_process';
import { LABELS } from '../../src/sandbox/labels';

/** Runs the docker CLI: tests look at the engine independently of the code under test. */
export function docker(...args: string[]): string {
  return execFileSync('docker', args, {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  }).trim();
}

function ids(kind: 'ps -a' | 'network ls' | 'volume ls', label: string): string[] {
  const out = docker(...kind.split(' '), '-q', '--filter', `label=${label}`);
  return out ? out.split('\n') : [];
}

/** Every container, network and volume carrying the label (e.g. `dev.shipshape.session=abc`). */
export function objectsWithLabel(label: string): {
  containers: string[];
  networks: string[];
  volumes: string[];
} {
  return {
    containers: ids('ps -a', label),
    networks: ids('network ls', label),
    volumes: ids('volume ls', label),
  };
}

/** Removes everything a test platform created, whatever state the test left it in. */
export function removePlatformObjects(platformId: string): void {
  const { containers, networks, volumes } = objectsWithLabel(`${LABELS.platform}=${platformId}`);
  if (containers.length) docker('rm', '-f', '-v', ...containers);
  if (networks.length) docker('network', 'rm', ...networks);
  if (volumes.length) docker('volume', 'rm', ...volumes);
}
