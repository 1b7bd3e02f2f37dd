import type { Platform } from './platform';

/**
 * Under `astro dev` the platform is created by an integration, outside the
 * module graph the pages run in; both reach it through this process-wide slot.
 * The production server passes it in `locals`, and registers it here too for
 * the error pages Astro renders without those `locals`.
 */
const KEY = Symbol.for('dev.shipshape.platform');

type Slot = { [KEY]?: Platform };

export function registerPlatform(platform: Platform): void {
  (globalThis as Slot)[KEY] = platform;
}

export function registeredPlatform(): Platform | undefined {
  return (globalThis as Slot)[KEY];
}
