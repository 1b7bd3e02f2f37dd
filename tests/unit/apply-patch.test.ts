import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyPatch } from '../../src/labs/apply-patch';

describe('a scenario patch', () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'patch-'));
    fs.mkdirSync(path.join(root, 'orders'));
    fs.writeFileSync(
      path.join(root, 'orders', 'app.py'),
      ['import os', '', 'THRESHOLD = 3', '', 'def call():', '    return 1', ''].join('\n'),
    );
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  const read = () => fs.readFileSync(path.join(root, 'orders', 'app.py'), 'utf8');

  it('changes exactly the lines it names, as `diff -u` wrote them', () => {
    applyPatch(
      root,
      [
        '--- a/orders/app.py\t2026-11-29',
        '+++ b/orders/app.py\t2026-11-29',
        '@@ -2,5 +2,5 @@',
        ' ',
        '-THRESHOLD = 3',
        '+THRESHOLD = 0',
        ' ',
        ' def call():',
        '-    return 1',
        '+    return 2',
        '',
      ].join('\n'),
    );
    expect(read()).toBe(
      ['import os', '', 'THRESHOLD = 0', '', 'def call():', '    return 2', ''].join('\n'),
    );
  });

  it('refuses to apply to a file that changed since, naming the file and the line', () => {
    expect(() =>
      applyPatch(
        root,
        [
          '--- a/orders/app.py',
          '+++ b/orders/app.py',
          '@@ -3 +3 @@',
          '-THRESHOLD = 5',
          '+X = 1',
        ].join('\n'),
      ),
    ).toThrow('orders/app.py: line 3 reads "THRESHOLD = 3", the patch expects "THRESHOLD = 5"');
  });

  it('refuses a file outside the lab, or one that does not exist', () => {
    const patch = (file: string) => `--- a/${file}\n+++ b/${file}\n@@ -1 +1 @@\n-a\n+b\n`;
    expect(() => applyPatch(root, patch('../../etc/passwd'))).toThrow(/outside the lab's files/);
    expect(() => applyPatch(root, patch('orders/missing.py'))).toThrow(/does not exist/);
    expect(() => applyPatch(root, 'just text')).toThrow(/unified diff/);
  });
});
