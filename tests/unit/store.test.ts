import { afterEach, describe, expect, it, vi } from 'vitest';
import { useTempStore } from './fakes/temp-store';

const db = useTempStore('nested/platform.db');
const openStore = db.open;

afterEach(() => {
  vi.useRealTimers();
});

describe('lab sessions in the store', () => {
  it('start queued, with their activity clock running', () => {
    const store = openStore();
    const user = store.createGuestUser();
    const session = store.insertLabSession(user.id, 'hello-service', null);
    expect(store.getLabSession(session.id)).toEqual({
      ...session,
      userId: user.id,
      labId: 'hello-service',
      state: 'queued',
      error: null,
      endedAt: null,
      expiresAt: null,
      lastActiveAt: session.createdAt,
    });
  });

  it('become ready without an end time, and ended with one', () => {
    const store = openStore();
    const session = store.insertLabSession(store.createGuestUser().id, 'hello-service', null);
    store.setLabSessionState(session.id, 'ready');
    expect(store.getLabSession(session.id)).toMatchObject({ state: 'ready', endedAt: null });
    store.setLabSessionState(session.id, 'ended');
    expect(store.getLabSession(session.id)?.endedAt).toEqual(expect.any(String));
  });

  it('keep the error that made them fail', () => {
    const store = openStore();
    const session = store.insertLabSession(store.createGuestUser().id, 'hello-service', null);
    store.setLabSessionState(session.id, 'failed', 'image missing');
    expect(store.getLabSession(session.id)).toMatchObject({
      state: 'failed',
      error: 'image missing',
    });
  });

  it("are listed as live only while queued, starting or ready, only the user's own, newest first", () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const store = openStore();
    const alice = store.createGuestUser().id;
    const bob = store.createGuestUser().id;
    const at = (iso: string, user: string) => {
      vi.setSystemTime(new Date(iso));
      return store.insertLabSession(user, 'hello-service', null).id;
    };
    const older = at('2025-01-01T10:00:00Z', alice);
    const ended = at('2025-01-01T10:01:00Z', alice);
    at('2025-01-01T10:02:00Z', bob);
    const newer = at('2025-01-01T10:03:00Z', alice);
    const failed = at('2025-01-01T10:04:00Z', alice);
    store.setLabSessionState(older, 'ready');
    store.setLabSessionState(ended, 'ended');
    store.setLabSessionState(failed, 'failed', 'boom');

    expect(store.listLiveLabSessions(alice).map((s) => s.id)).toEqual([newer, older]);
    expect(store.listLiveLabSessions()).toHaveLength(3);
  });

  it('list sessions started in the same millisecond newest first', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2025-01-01T10:00:00Z'));
    const store = openStore();
    const user = store.createGuestUser().id;
    const first = store.insertLabSession(user, 'hello-service', null).id;
    const second = store.insertLabSession(user, 'hello-service', null).id;
    expect(store.listLiveLabSessions(user).map((s) => s.id)).toEqual([second, first]);
  });
});

describe('grades in the store', () => {
  it('come back with their result JSON and booleans intact, newest first', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const store = openStore();
    const userId = store.createGuestUser().id;
    const sessionId = store.insertLabSession(userId, 'hello-service', null).id;
    const result = { tests: [{ id: 'health-route', status: 'failed' }], note: 'ünïcode' };
    vi.setSystemTime(new Date('2025-01-01T10:00:00Z'));
    const first = store.insertGrade({
      sessionId,
      userId,
      labId: 'hello-service',
      gradable: false,
      score: 0,
      maxScore: 3,
      passed: false,
      result,
    });
    vi.setSystemTime(new Date('2025-01-01T10:05:00Z'));
    const second = store.insertGrade({
      sessionId,
      userId,
      labId: 'hello-service',
      gradable: true,
      score: 2.5,
      maxScore: 3,
      passed: true,
      result: { tests: [] },
    });

    const grades = store.listGrades(sessionId);
    expect(grades.map((g) => g.id)).toEqual([second.id, first.id]);
    expect(grades[1]).toEqual(first);
    expect(grades[0]).toMatchObject({ gradable: true, passed: true, score: 2.5 });
  });

  it('are listed per session', () => {
    const store = openStore();
    const userId = store.createGuestUser().id;
    const sessionId = store.insertLabSession(userId, 'hello-service', null).id;
    expect(store.listGrades(sessionId)).toEqual([]);
  });
});

describe('the warm pool in the store', () => {
  it('hands each ready pooled environment to exactly one learner, oldest first', () => {
    const store = openStore();
    const first = store.insertLabSession(null, 'hello-service', null, 'ready');
    const second = store.insertLabSession(null, 'hello-service', null, 'ready');
    store.insertLabSession(null, 'hello-service', null, 'starting');
    store.insertLabSession(null, 'other-lab', null, 'ready');
    const alice = store.createGuestUser().id;
    const bob = store.createGuestUser().id;
    const carol = store.createGuestUser().id;
    const expires = '2030-01-01T00:00:00.000Z';

    const a = store.claimPooledSession('hello-service', alice, expires);
    const b = store.claimPooledSession('hello-service', bob, expires);
    expect([a?.id, b?.id]).toEqual([first.id, second.id]);
    expect(a).toMatchObject({ userId: alice, state: 'ready', expiresAt: expires });
    expect(store.claimPooledSession('hello-service', carol, expires)).toBeUndefined();
    expect(store.listLiveLabSessions(alice).map((s) => s.id)).toEqual([first.id]);
  });

  it('records activity for the idle timeout', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2025-01-01T10:00:00Z'));
    const store = openStore();
    const session = store.insertLabSession(store.createGuestUser().id, 'hello-service', null);
    vi.setSystemTime(new Date('2025-01-01T10:05:00Z'));
    store.touchLabSession(session.id);
    expect(store.getLabSession(session.id)?.lastActiveAt).toBe('2025-01-01T10:05:00.000Z');
  });
});

describe('the database file', () => {
  it('keeps users, sessions and settings when reopened (migrations run once)', () => {
    const first = openStore();
    const user = first.createGuestUser();
    const session = first.insertLabSession(user.id, 'hello-service', null);
    first.initSetting('cookie_secret', 'first');
    first.close();

    const reopened = openStore();
    expect(reopened.getUser(user.id)).toEqual(user);
    expect(reopened.getLabSession(session.id)?.state).toBe('queued');
    expect(reopened.initSetting('cookie_secret', 'second')).toBe('first');
  });
});
