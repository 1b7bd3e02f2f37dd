import { fileURLToPath } from 'node:url';

/** Absolute path of the repository root (this file sits in `src/`). */
export const projectRoot = fileURLToPath(new URL('../', import.meta.url));
