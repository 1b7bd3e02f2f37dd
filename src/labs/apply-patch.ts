/**
 * Applies a unified diff (as `diff -u` or `git diff` write it) to files in a
 * folder, strictly: every context and removed line must match exactly, so a
 * scenario written against an older solution fails loudly instead of quietly
 * testing something else.
 */
import fs from 'node:fs';
import path from 'node:path';

export class PatchError extends Error {
  override readonly name = 'PatchError';
}

interface Hunk {
  /** 1-based line in the old file where the hunk starts. */
  oldStart: number;
  lines: string[];
}

interface FilePatch {
  file: string;
  hunks: Hunk[];
}

const HUNK_HEADER = /^@@ -(\d+)(?:,\d+)? \+\d+(?:,\d+)? @@/;

/** The files a diff changes and its hunks; paths lose a leading `a/` or `b/`. */
export function parsePatch(text: string): FilePatch[] {
  const patches: FilePatch[] = [];
  // The newline that ends the file is not an empty context line.
  const lines = text.replace(/\r\n/g, '\n').replace(/\n+$/, '').split('\n');
  let current: FilePatch | undefined;
  let hunk: Hunk | undefined;
  for (const line of lines) {
    if (line.startsWith('--- ')) {
      hunk = undefined;
      continue;
    }
    if (line.startsWith('+++ ')) {
      const file = line.slice(4).split('\t')[0]!.replace(/^b\//, '');
      current = { file, hunks: [] };
      patches.push(current);
      hunk = undefined;
      continue;
    }
    const header = HUNK_HEADER.exec(line);
    if (header) {
      if (!current) throw new PatchError('a hunk comes before any "+++ file" line');
      hunk = { oldStart: Number(header[1]), lines: [] };
      current.hunks.push(hunk);
      continue;
    }
    if (hunk && /^[ +-]/.test(line)) hunk.lines.push(line);
    else if (hunk && line === '') hunk.lines.push(' ');
  }
  if (patches.length === 0) throw new PatchError('has no "+++ file" line: is it a unified diff?');
  return patches;
}

/** Applies every file patch under `root`; throws a PatchError naming the file and the line on a mismatch. */
export function applyPatch(root: string, text: string): void {
  for (const { file, hunks } of parsePatch(text)) {
    const target = path.resolve(root, file);
    if (!target.startsWith(path.resolve(root) + path.sep)) {
      throw new PatchError(`changes ${file}, which is outside the lab's files`);
    }
    if (!fs.existsSync(target)) throw new PatchError(`changes ${file}, which does not exist`);
    const source = fs.readFileSync(target, 'utf8').split('\n');
    const output: string[] = [];
    let at = 0; // next unread line of `source`, 0-based
    for (const hunk of hunks) {
      const start = hunk.oldStart === 0 ? 0 : hunk.oldStart - 1;
      if (start < at) throw new PatchError(`${file}: hunks overlap at line ${hunk.oldStart}`);
      output.push(...source.slice(at, start));
      at = start;
      for (const line of hunk.lines) {
        const body = line.slice(1);
        if (line[0] === '+') {
          output.push(body);
          continue;
        }
        if (source[at] !== body) {
          throw new PatchError(
            `${file}: line ${at + 1} reads ${JSON.stringify(source[at] ?? '(end of file)')}, the patch expects ${JSON.stringify(body)}`,
          );
        }
        if (line[0] === ' ') output.push(body);
        at++;
      }
    }
    output.push(...source.slice(at));
    fs.writeFileSync(target, output.join('\n'));
  }
}
