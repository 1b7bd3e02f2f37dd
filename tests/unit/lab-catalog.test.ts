import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadLab, loadLabCatalog } from '../../src/labs/lab-catalog';

const manifest = (id: string, stepText = 'steps/01-start.md') => `
id: ${id}
title: Lab ${id}
summary: A lab for the catalog tests.
level: beginner
minutes: 5
steps:
  - title: Start
    text: ${stepText}
`;

let labsDir: string;

/** Writes labs/<id>/ with a manifest, starter/, checks.ts and its step text, minus `omit`. */
function writeLab(id: string, omit: Array<'starter' | 'checks' | 'step'> = []): string {
  const dir = path.join(labsDir, id);
  fs.mkdirSync(path.join(dir, 'steps'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'lab.yaml'), manifest(id));
  if (!omit.includes('starter')) {
    fs.mkdirSync(path.join(dir, 'starter'));
    fs.writeFileSync(path.join(dir, 'starter', 'app.py'), 'print("hi")\n');
  }
  if (!omit.includes('checks'))
    fs.writeFileSync(path.join(dir, 'checks.ts'), 'export default {};\n');
  if (!omit.includes('step')) fs.writeFileSync(path.join(dir, 'steps', '01-start.md'), '# Start\n');
  return dir;
}

beforeEach(() => {
  labsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shipshape-labs-'));
});
afterEach(() => {
  fs.rmSync(labsDir, { recursive: true, force: true });
});

describe('the lab catalog', () => {
  it('loads a complete lab with its starter and checks paths', () => {
    const dir = writeLab('good-lab');
    const { labs, problems } = loadLabCatalog(labsDir);
    expect(problems).toEqual([]);
    expect(labs.get('good-lab')).toMatchObject({
      dir,
      starterDir: path.join(dir, 'starter'),
      checksFile: path.join(dir, 'checks.ts'),
      manifest: { title: 'Lab good-lab' },
    });
  });

  it('reports a lab without starter/ and still loads the others', () => {
    writeLab('good-lab');
    writeLab('no-starter', ['starter']);
    const { labs, problems } = loadLabCatalog(labsDir);
    expect([...labs.keys()]).toEqual(['good-lab']);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: 'labs/no-starter/lab.yaml' });
    expect(problems[0]?.problem).toContain('starter/ folder is missing');
  });

  it('reports a lab without checks.ts', () => {
    writeLab('no-checks', ['checks']);
    const { labs, problems } = loadLabCatalog(labsDir);
    expect(labs.size).toBe(0);
    expect(problems[0]?.problem).toContain('checks.ts is missing');
  });

  it('reports a step whose text file is missing, naming the step field', () => {
    writeLab('no-step', ['step']);
    const { problems } = loadLabCatalog(labsDir);
    expect(problems[0]).toMatchObject({
      file: 'labs/no-step/lab.yaml',
      field: 'steps.0.text',
      problem: 'names steps/01-start.md, which does not exist',
      hint: 'create the file or fix the path',
    });
  });

  it('reports a lab folder without lab.yaml', () => {
    fs.mkdirSync(path.join(labsDir, 'empty'));
    const { problems } = loadLabCatalog(labsDir);
    expect(problems[0]).toMatchObject({ file: 'labs/empty/lab.yaml', problem: 'is missing' });
  });

  it('is empty, not an error, when the labs folder does not exist', () => {
    const catalog = loadLabCatalog(path.join(labsDir, 'nowhere'));
    expect(catalog.labs.size).toBe(0);
    expect(catalog.problems).toEqual([]);
  });

  it('reports a step text that names a folder instead of a file', () => {
    const dir = writeLab('folder-step');
    fs.writeFileSync(path.join(dir, 'lab.yaml'), manifest('folder-step', 'steps'));
    expect(() => loadLab(dir)).toThrow(/steps\.0\.text/);
  });
});

describe('the shipped hello-service lab', () => {
  it('loads with no problems', () => {
    const labs = path.join(import.meta.dirname, '../../labs');
    const { labs: loaded, problems } = loadLabCatalog(labs);
    expect(problems).toEqual([]);
    expect(loaded.get('hello-service')?.manifest.steps[0]?.checks).toEqual([
      'service-answers',
      'unknown-path-404',
      'health-route',
    ]);
    expect(() => loadLab(path.join(labs, 'hello-service'))).not.toThrow();
  });
});
