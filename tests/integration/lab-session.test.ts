import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LABELS } from '../../src/sandbox/labels';
import { objectsWithLabel } from '../support/docker-cli';
import { afterReload } from '../support/service-reload';
import { createTestPlatform, startReady, type TestPlatform } from '../support/test-platform';

const solution = fs.readFileSync(
  path.join(import.meta.dirname, '../../labs/hello-service/solution/app.py'),
  'utf8',
);

describe('a hello-service lab session on the real Docker engine', () => {
  let t: TestPlatform;
  let sessionId: string;
  const user = () => t.platform.store.createGuestUser().id;
  let owner: string;

  beforeAll(async () => {
    t = createTestPlatform();
    owner = user();
    sessionId = await startReady(t.platform, owner, 'hello-service');
  });
  afterAll(() => t.dispose());

  it('is ready with its workspace and service running', async () => {
    const view = await t.platform.sessions.describe(owner, sessionId);
    expect(view.state).toBe('ready');
    expect(view.services?.map((s) => `${s.name}:${s.state}`).sort()).toEqual([
      'hello:ready',
      'workspace:ready',
    ]);
  });

  it('runs commands in the workspace as the learner, in ~/lab, with the starter code', async () => {
    const run = (cmd: string) => t.platform.driver.exec(sessionId, 'workspace', ['sh', '-c', cmd]);
    expect((await run('python3 -c "print(6*7)"')).stdout.trim()).toBe('42');
    expect((await run('whoami; pwd')).stdout.trim()).toBe('learner\n/home/learner/lab');
    expect((await run('stat -c %U app.py')).stdout.trim()).toBe('learner');
    // The learner can create files of their own, not only edit the starter.
    expect((await run('touch notes.txt && echo ok')).stdout.trim()).toBe('ok');
  });

  it('lets the workspace reach the service by its name on the session network', async () => {
    const res = await t.platform.driver.exec(sessionId, 'workspace', [
      'curl',
      '-s',
      'http://hello:8000/',
    ]);
    expect(JSON.parse(res.stdout)).toEqual({ message: 'hello' });
  });

  it('grades the untouched starter below full marks, naming the missing route', async () => {
    const result = await t.platform.sessions.grade(owner, sessionId);
    expect(result).toMatchObject({ gradable: true, passed: false, score: 2, max_score: 4 });
    const health = result.tests.find((c) => c.id === 'health-route');
    expect(health?.status).toBe('failed');
    expect(health?.output).toContain('expected 200, got 404');
    expect(health?.hint).toContain('/health');
  });

  it('gives full marks once the learner saves the solution (the service reloads)', async () => {
    await afterReload(t.platform.driver, sessionId, 'hello', () =>
      t.platform.driver.exec(sessionId, 'workspace', [
        'python3',
        '-c',
        `open("app.py", "w").write(${JSON.stringify(solution)})`,
      ]),
    );
    const result = await t.platform.sessions.grade(owner, sessionId);
    expect(result.tests.map((c) => c.status)).toEqual(['passed', 'passed', 'passed']);
    expect(result).toMatchObject({ gradable: true, passed: true, score: 4, max_score: 4 });
    expect(t.platform.store.listGrades(sessionId)).toHaveLength(2);
  });

  it('reports a crashing service as the learner outcome with advice, not as a grader error', async () => {
    await afterReload(t.platform.driver, sessionId, 'hello', () =>
      t.platform.driver.exec(sessionId, 'workspace', ['sh', '-c', 'echo "def broken(:" >> app.py']),
    );
    const result = await t.platform.sessions.grade(owner, sessionId);
    expect(result.gradable).toBe(true);
    expect(result.score).toBe(0);
    const first = result.tests[0]!;
    expect(first.status).toBe('failed');
    expect(first.evidence.some((e) => e.kind === 'logs' && e.summary.includes('SyntaxError'))).toBe(
      true,
    );
  });

  it('hides a session from every other user', async () => {
    const stranger = user();
    expect(() => t.platform.sessions.get(stranger, sessionId)).toThrow(/No such lab session/);
    await expect(t.platform.sessions.grade(stranger, sessionId)).rejects.toMatchObject({
      status: 404,
    });
    expect(t.platform.sessions.list(stranger)).toEqual([]);
  });

  it('leaves no container, network or volume behind once stopped', async () => {
    const label = `${LABELS.session}=${sessionId}`;
    expect(objectsWithLabel(label).containers).toHaveLength(2);
    await t.platform.sessions.stop(owner, sessionId);
    expect(objectsWithLabel(label)).toEqual({ containers: [], networks: [], volumes: [] });
    expect(t.platform.sessions.list(owner)).toEqual([]);
  });
});
