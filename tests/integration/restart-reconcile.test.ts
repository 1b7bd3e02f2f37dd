import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPlatform } from '../../src/server/platform';
import { LABELS } from '../../src/sandbox/labels';
import { docker, objectsWithLabel } from '../support/docker-cli';
import { environmentSpec } from '../../src/labs/environment-spec';
import { createTestPlatform, startReady, type TestPlatform } from '../support/test-platform';

describe('a platform restart', () => {
  let t: TestPlatform;
  let owner: string;

  beforeAll(() => {
    t = createTestPlatform();
    owner = t.platform.store.createGuestUser().id;
  });
  afterAll(() => t.dispose());

  it('keeps running lab sessions: the learner carries on where they were', async () => {
    const session = { id: await startReady(t.platform, owner, 'hello-service') };
    await t.platform.driver.exec(session.id, 'workspace', ['sh', '-c', 'echo kept > notes.txt']);

    const restarted = createPlatform(t.config);
    try {
      expect(await restarted.sessions.sweep({ startup: true })).toEqual({ ended: 0, removed: 0 });
      expect(restarted.sessions.list(owner).map((s) => s.id)).toEqual([session.id]);
      const notes = await restarted.driver.exec(session.id, 'workspace', ['cat', 'notes.txt']);
      expect(notes.stdout.trim()).toBe('kept');
    } finally {
      restarted.close();
    }
    await t.platform.sessions.stop(owner, session.id);
  });

  it('ends a session whose environment disappeared while it was down', async () => {
    const session = { id: await startReady(t.platform, owner, 'hello-service') };
    const label = `${LABELS.session}=${session.id}`;
    docker('rm', '-f', ...objectsWithLabel(label).containers);
    docker('network', 'rm', ...objectsWithLabel(label).networks);
    docker('volume', 'rm', ...objectsWithLabel(label).volumes);

    expect(await t.platform.sessions.sweep()).toEqual({ ended: 1, removed: 0 });
    expect(t.platform.sessions.list(owner)).toEqual([]);
    expect(t.platform.store.getLabSession(session.id)?.state).toBe('ended');
  });

  it('removes environments that no session owns', async () => {
    const orphan = 'a1b2c3d4e5f60718';
    const lab = t.platform.catalog.labs.get('hello-service')!;
    await t.platform.driver.createEnvironment({
      ...environmentSpec(lab, orphan, owner, t.config),
      services: [],
    });
    expect(objectsWithLabel(`${LABELS.session}=${orphan}`).containers).toHaveLength(1);

    expect(await t.platform.sessions.sweep()).toEqual({ ended: 0, removed: 1 });
    expect(objectsWithLabel(`${LABELS.session}=${orphan}`)).toEqual({
      containers: [],
      networks: [],
      volumes: [],
    });
  });
});
