import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** Lists a folder's files (relative paths, sorted) so hashes and tarballs are reproducible. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(child);
      else if (entry.isFile()) out.push(child);
    }
  };
  walk('');
  return out.sort();
}

/** A short hash of a folder's file names and contents plus any extra inputs. */
export function contentHash(dir: string, extra: string[] = []): string {
  const hash = createHash('sha256');
  for (const input of extra) hash.update(`${input}\0`);
  for (const file of listFiles(dir)) {
    hash.update(`${file}\0`);
    hash.update(fs.readFileSync(path.join(dir, file)));
    hash.update('\0');
  }
  return hash.digest('hex').slice(0, 12);
}
