import { pathToFileURL } from 'node:url';
import type { CheckSet } from '../sdk/types';

/** Imports a lab's checks.ts and makes sure it exports what defineChecks returns. */
export async function loadChecks(file: string): Promise<CheckSet> {
  const module = (await import(pathToFileURL(file).href)) as { default?: unknown };
  const checks = module.default;
  if (!checks || typeof checks !== 'object') {
    throw new Error(`${file} must \`export default defineChecks({...})\``);
  }
  for (const [id, check] of Object.entries(checks as Record<string, unknown>)) {
    const c = check as { title?: unknown; points?: unknown; run?: unknown };
    if (
      typeof c.title !== 'string' ||
      typeof c.points !== 'number' ||
      typeof c.run !== 'function'
    ) {
      throw new Error(`${file}: check "${id}" needs a title, points and a run function`);
    }
  }
  return checks as CheckSet;
}
