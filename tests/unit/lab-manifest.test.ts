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
      depends_on: [],
      replicas: 1,
      cap_add: [],
      tmpfs: [],
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

describe('a lab.yaml describing a multi-service system', () => {
  const services = (yaml: string) => `${minimal}services:\n${yaml}`;

  it('reads healthchecks, dependencies, replicas and limits in compose notation', () => {
    const manifest = parse(
      `${services(`  db:
    image: python-service
    healthcheck:
      test: curl -fs http://127.0.0.1:8000/health
      interval: 500ms
      start_period: 2s
  api:
    build: services/api
    depends_on: [db]
    replicas: 3
    cap_add: [NET_BIND_SERVICE]
`)}limits:\n  memory: 256m\n  ttl: 1h\n  idle: 10m\n`,
    );
    expect(manifest.services['db']?.healthcheck).toEqual({
      test: ['/bin/sh', '-c', 'curl -fs http://127.0.0.1:8000/health'],
      interval: 500,
      timeout: 2_000,
      retries: 30,
      start_period: 2_000,
    });
    expect(manifest.services['api']).toMatchObject({
      build: 'services/api',
      depends_on: ['db'],
      replicas: 3,
    });
    expect(manifest.limits).toEqual({ memory: 256 * 1024 * 1024, ttl: 3_600_000, idle: 600_000 });
  });

  it('names a dependency on a service that does not exist, and lists the real ones', () => {
    const error = authoringError(
      services('  api:\n    image: python-service\n    depends_on: [databse]\n'),
    );
    expect(error.message).toMatchInlineSnapshot(`
      "labs/demo/lab.yaml → services.api.depends_on.0: names "databse", which is not a service of this lab
        hint: use one of: api"
    `);
  });

  it('refuses a service name ending in a number, which would read as a replica', () => {
    expect(authoringError(services('  web-2:\n    image: python-service\n')).message).toContain(
      'services.web-2: a service name may not end in "-<number>": those names belong to replicas',
    );
  });

  it('refuses services that depend on each other in a circle', () => {
    const error = authoringError(
      services(
        '  a:\n    image: python-service\n    depends_on: [b]\n  b:\n    image: python-service\n    depends_on: [a]\n',
      ),
    );
    expect(error.message).toContain('a → b → a');
  });

  it('needs exactly one of image and build', () => {
    expect(authoringError(services('  api:\n    ports: [8000]\n')).message).toContain(
      'needs exactly one of image or build',
    );
  });

  it('says how to write a size or a duration it cannot read', () => {
    expect(authoringError(`${minimal}limits:\n  memory: lots\n`).message).toMatchInlineSnapshot(`
      "labs/demo/lab.yaml → limits.memory: "lots" is not a size
        hint: write it like 64m, 512m or 1g"
    `);
    expect(authoringError(`${minimal}limits:\n  ttl: "90"\n`).hint).toContain(
      '500ms, 2s, 5m or 1h',
    );
  });

  it('grants back only capabilities that stay inside the container', () => {
    const error = authoringError(
      services('  api:\n    image: python-service\n    cap_add: [SYS_ADMIN]\n'),
    );
    expect(error.field).toBe('services.api.cap_add.0');
    expect(error.hint).toContain('NET_BIND_SERVICE');
  });
});
