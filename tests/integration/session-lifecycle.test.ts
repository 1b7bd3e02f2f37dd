import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { LABELS } from '../../src/sandbox/labels';
import { objectsWithLabel } from '../support/docker-cli';
import { createTestPlatform, startReady, type TestPlatform } from '../support/test-platform';

const nothing = { containers: [], networks: [], volumes: [] };
const leftovers = (sessionId: string) => objectsWithLabel(`${LABELS.session}=${sessionId}`);

describe('how long a lab session lives', () => {
  let t: TestPlatform;
  beforeAll(() => {
    t = createTestPlatform({ SHIPSHAPE_LAB_TTL_MINUTES: '60', SHIPSHAPE_LAB_IDLE_MINUTES: '10' });
  });
  afterEach(() => vi.useRealTimers());
  afterAll(() => t.dispose());

  it('ends a session that reached its time limit, whatever the learner is doing', async () => {
    const owner = t.platform.store.createGuestUser().id;
    const id = await startReady(t.platform, owner, 'hello-service');
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 61 * 60_000 });
    t.platform.store.touchLabSession(id);
    expect(await t.platform.sessions.sweep()).toMatchObject({ ended: 1 });
    expect(t.platform.store.getLabSession(id)).toMatchObject({
      state: 'ended',
      error: 'it reached its time limit',
    });
    expect(leftovers(id)).toEqual(nothing);
  });

  it('ends a session nobody used for longer than the idle timeout, and keeps one in use', async () => {
    const idle = await startReady(
      t.platform,
      t.platform.store.createGuestUser().id,
      'hello-service',
    );
    const busy = await startReady(
      t.platform,
      t.platform.store.createGuestUser().id,
      'hello-service',
    );
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 11 * 60_000 });
    t.platform.sessions.touch(busy, true);
    expect(await t.platform.sessions.sweep()).toMatchObject({ ended: 1 });
    expect(t.platform.store.getLabSession(idle)).toMatchObject({
      state: 'ended',
      error: 'it was idle for too long',
    });
    expect(t.platform.store.getLabSession(busy)?.state).toBe('ready');
  });

  it('stops idempotently: a second stop is not an error', async () => {
    const owner = t.platform.store.createGuestUser().id;
    const id = await startReady(t.platform, owner, 'hello-service');
    await t.platform.sessions.stop(owner, id);
    await t.platform.sessions.stop(owner, id);
    expect(leftovers(id)).toEqual(nothing);
  });
});

describe('starts beyond the per-host cap', () => {
  let t: TestPlatform;
  beforeAll(() => {
    t = createTestPlatform({ SHIPSHAPE_MAX_CONCURRENT_STARTS: '1' });
  });
  afterAll(() => t.dispose());

  it('wait in line, each learner seeing their position, and all start in turn', async () => {
    const learners = [1, 2, 3].map(() => t.platform.store.createGuestUser().id);
    const started = await Promise.all(
      learners.map((u) => t.platform.sessions.start(u, 'hello-service')),
    );
    const views = await Promise.all(
      started.map(({ session }, i) => t.platform.sessions.describe(learners[i]!, session.id)),
    );
    // Simultaneous starts line up in whatever order they reach the queue.
    expect(views.map((v) => `${v.state}:${v.position ?? '-'}`).sort()).toEqual([
      'queued:1',
      'queued:2',
      'starting:-',
    ]);
    const records = await Promise.all(
      started.map(({ session }) => t.platform.sessions.whenStarted(session.id)),
    );
    expect(records.map((r) => r.state)).toEqual(['ready', 'ready', 'ready']);
  });

  it('drop a start that is stopped while it waits, and create nothing for it', async () => {
    const blocker = t.platform.store.createGuestUser().id;
    const learner = t.platform.store.createGuestUser().id;
    const first = await t.platform.sessions.start(blocker, 'hello-service');
    const { session } = await t.platform.sessions.start(learner, 'hello-service');
    expect(session.state).toBe('queued');
    await t.platform.sessions.stop(learner, session.id);
    // Waiting on the stopped start returns at once: it was taken out of the queue.
    expect((await t.platform.sessions.whenStarted(session.id)).state).toBe('ended');
    await t.platform.sessions.whenStarted(first.session.id);
    expect(t.platform.store.getLabSession(session.id)?.state).toBe('ended');
    expect(leftovers(session.id)).toEqual(nothing);
  });

  it('removes what a start created when the learner stopped it meanwhile', async () => {
    const learner = t.platform.store.createGuestUser().id;
    const { session } = await t.platform.sessions.start(learner, 'hello-service');
    await new Promise((r) => setTimeout(r, 300)); // inside createEnvironment by now
    await t.platform.sessions.stop(learner, session.id);
    await t.platform.sessions.whenStarted(session.id);
    expect(t.platform.store.getLabSession(session.id)?.state).toBe('ended');
    expect(leftovers(session.id)).toEqual(nothing);
  });
});

describe('a warm pool of ready environments', () => {
  let t: TestPlatform;
  beforeAll(async () => {
    t = createTestPlatform({ SHIPSHAPE_WARM_POOL: 'hello-service=1' });
    await t.platform.sessions.sweep({ startup: true });
    const pooled = t.platform.store.listLiveLabSessions().filter((s) => s.userId === null);
    expect(pooled).toHaveLength(1);
    await t.platform.sessions.whenStarted(pooled[0]!.id);
  });
  afterAll(() => t.dispose());

  it('hands a ready lab to a learner at once, with the starter code in place', async () => {
    const learner = t.platform.store.createGuestUser().id;
    const before = performance.now();
    const { session, created } = await t.platform.sessions.start(learner, 'hello-service');
    const claimMs = performance.now() - before;
    expect(created).toBe(true);
    expect(session.state).toBe('ready');
    expect(claimMs).toBeLessThan(500);
    const files = await t.platform.driver.exec(session.id, 'workspace', ['ls']);
    expect(files.stdout).toContain('app.py');
    expect(t.platform.sessions.list(learner).map((s) => s.id)).toEqual([session.id]);
  });

  it('refills itself in the background after a claim', async () => {
    const pooled = t.platform.store.listLiveLabSessions().filter((s) => s.userId === null);
    expect(pooled).toHaveLength(1);
    expect((await t.platform.sessions.whenStarted(pooled[0]!.id)).state).toBe('ready');
  });

  it('keeps pooled environments through housekeeping (nobody owns them yet, yet they are not leftovers)', async () => {
    expect(await t.platform.sessions.sweep()).toEqual({ ended: 0, removed: 0 });
  });
});
