import { describe, expect, it } from 'vitest';
import { LabAuthoringError } from '../../src/labs/lab-authoring-error';
import { parseLabManifest } from '../../src/labs/lab-manifest';

const FILE = 'labs/demo/lab.yaml';

const minimal = `
id: demo
title: A demo lab
summary: Something to practise.
level: beginner
minutes: 5
steps:
  - title: Do the thing
    text: steps/01-do.md
`;

const parse = (text: string, folder = 'demo') => parseLabManifest(text, FILE, folder);

/** The LabAuthoringError a manifest raises; fails the test when it parses. */
function authoringError(text: string, folder = 'demo'): LabAuthoringError {
  try {
    parse(text, folder);
  } catch (error) {
    if (error instanceof LabAuthoringError) return error;
    throw error;
  }
  throw new Error('expected the manifest to be rejected');
}

describe('a valid lab.yaml', () => {
  it('parses with the defaults an author may leave out', () => {
    const manifest = parse(minimal);
    expect(manifest).toMatchObject({
      id: 'demo',
      required: false,
      workspace: { image: 'workspace', workdir: '/home/learner/lab' },
      services: {},
      hints: {},
    });
    expect(manifest.steps).toEqual([{ title: 'Do the thing', text: 'steps/01-do.md', checks: [] }]);
  });

  it('gives a service no environment and no ports unless the author lists them', () => {
    const manifest = parse(`${minimal}services:\n  api:\n    image: python-service\n`);
    expect(manifest.services['api']).toEqual({
      image: 'python-service',
      environment: {},
      ports: [],
    });
  });

  it('runs a command written as one string through /bin/sh -c', () => {
    const manifest = parse(
      `${minimal}services:\n  api:\n    image: python-service\n    command: python3 app.py --port 8000\n`,
    );
    expect(manifest.services['api']?.command).toEqual([
      '/bin/sh',
      '-c',
      'python3 app.py --port 8000',
    ]);
  });

  it('keeps a command written as a list as it is', () => {
    const manifest = parse(
      `${minimal}services:\n  api:\n    image: python-service\n    command: [python3, app.py]\n`,
    );
    expect(manifest.services['api']?.command).toEqual(['python3', 'app.py']);
  });
});

describe('a lab.yaml with an authoring mistake', () => {
  it('that is not YAML names the file and says to fix the syntax', () => {
    const error = authoringError('id: [demo\ntitle: x');
    expect(error).toMatchObject({ file: FILE, field: '', hint: 'fix the YAML syntax' });
    expect(error.message).toMatch(/^labs\/demo\/lab\.yaml: is not valid YAML: /);
  });

  it('without a title names the title field', () => {
    expect(authoringError(minimal.replace('title: A demo lab\n', '')).message)
      .toMatchInlineSnapshot(`
        "labs/demo/lab.yaml → title: is required
          hint: add it; docs/labs.md lists every field"
      `);
  });

  it('with an unknown field names the field and suggests fixing its spelling', () => {
    expect(authoringError(`${minimal}summery: typo\n`).message).toMatchInlineSnapshot(`
      "labs/demo/lab.yaml → summery: "summery" is not a lab.yaml field
        hint: remove it or fix its spelling; docs/labs.md lists every field"
    `);
  });

  it('with a level outside the list shows the allowed levels', () => {
    expect(authoringError(minimal.replace('beginner', 'expert')).message).toMatchInlineSnapshot(`
      "labs/demo/lab.yaml → level: is "expert"
        hint: use one of: beginner, intermediate, advanced"
    `);
  });

  it('whose id differs from its folder says what id to write', () => {
    expect(authoringError(minimal, 'demo-lab').message).toMatchInlineSnapshot(`
      "labs/demo/lab.yaml → id: is "demo" but the folder is "demo-lab"
        hint: write id: demo-lab (the id is the folder name)"
    `);
  });

  it('with a step text outside the lab folder names that step', () => {
    const error = authoringError(minimal.replace('steps/01-do.md', 'steps/../../secret.md'));
    expect(error.field).toBe('steps.0.text');
    expect(error.problem).toContain('no ".."');
  });

  it('with an absolute step text path names that step', () => {
    expect(authoringError(minimal.replace('steps/01-do.md', '/etc/passwd')).field).toBe(
      'steps.0.text',
    );
  });

  it('with no steps says a lab needs one', () => {
    const text = minimal.replace(/steps:[\s\S]*$/, 'steps: []\n');
    expect(authoringError(text)).toMatchObject({
      field: 'steps',
      problem: 'a lab needs at least one step',
    });
  });

  it('without a title hints to add the field, not to check value types', () => {
    const error = authoringError(minimal.replace('title: A demo lab\n', ''));
    expect(error.hint).not.toContain('value type');
  });

  it('with a misspelt required field names the misspelling', () => {
    const error = authoringError(minimal.replace('summary:', 'summery:'));
    expect(error.message).toContain('summery');
  });
});
