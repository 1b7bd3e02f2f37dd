import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkLessonReferences, courseOrder } from '../../src/course/course-outline';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'shipshape-course-'));
fs.mkdirSync(path.join(root, 'labs', 'hello-service'), { recursive: true });
fs.writeFileSync(path.join(root, 'labs', 'hello-service', 'lab.yaml'), 'id: hello-service\n');
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const lesson = (id: string, body = '', lab?: string) => ({
  id,
  body,
  data: { ...(lab ? { lab } : {}) },
});

describe('lesson references checked at build time', () => {
  it('accept links to existing lessons and labs, with or without a fragment', () => {
    expect(() =>
      checkLessonReferences(
        [
          lesson(
            'a/one',
            'See [two](/lessons/a/two#why) and [the lab](/labs/hello-service).',
            'hello-service',
          ),
          lesson('a/two'),
        ],
        root,
      ),
    ).not.toThrow();
  });

  it('name every lesson that points at a missing lab or lesson', () => {
    expect(() =>
      checkLessonReferences(
        [lesson('a/one', 'Go to [x](/lessons/a/nope) then [y](/labs/saga).', 'circuit-breaker')],
        root,
      ),
    ).toThrowErrorMatchingInlineSnapshot(`
      [Error: Fix these before building:
        lesson a/one: lab "circuit-breaker" does not exist (no labs/circuit-breaker/lab.yaml)
        lesson a/one: broken link to /lessons/a/nope
        lesson a/one: broken link to /labs/saga]
    `);
  });
});

describe('the course order', () => {
  it('follows course.yaml for modules and `order` within each', async () => {
    const l = (id: string, module: string, order: number) => ({ id, data: { module, order } });
    const middle = ['design-patterns', 'containers', 'observability', 'ci-cd', 'best-practices'];
    const ordered = await courseOrder([
      l('x', 'careers', 1),
      l('b', 'orientation', 2),
      ...middle.map((m) => l(m, m, 1)),
      l('a', 'orientation', 1),
    ]);
    expect(ordered.map((x) => x.id)).toEqual(['a', 'b', ...middle, 'x']);
  });

  it('refuses a module of the course that has no lesson', async () => {
    await expect(
      courseOrder([{ id: 'a', data: { module: 'orientation', order: 1 } }]),
    ).rejects.toThrow(
      'content/course.yaml lists the module "design-patterns", but no lesson has module: design-patterns',
    );
  });

  it('refuses a lesson in a module the course does not list', async () => {
    await expect(
      courseOrder([{ id: 'x', data: { module: 'astrology', order: 1 } }]),
    ).rejects.toThrow('module "astrology" is not in content/course.yaml');
  });
});
