import { describe, expect, it } from 'vitest';
import { useTempStore } from './fakes/temp-store';

describe('lesson reads in the store', () => {
  const temp = useTempStore();

  it('keeps each learner’s reads apart, oldest first', () => {
    const store = temp.open();
    const ada = store.createGuestUser().id;
    const bob = store.createGuestUser().id;
    store.recordLessonRead(ada, 'm/two', '2026-01-05T09:10:00.000Z');
    store.recordLessonRead(ada, 'm/one', '2026-01-05T09:00:00.000Z');
    store.recordLessonRead(bob, 'm/three', '2026-01-05T09:05:00.000Z');
    expect(store.lessonReads(ada)).toEqual([
      { lessonId: 'm/one', readAt: '2026-01-05T09:00:00.000Z' },
      { lessonId: 'm/two', readAt: '2026-01-05T09:10:00.000Z' },
    ]);
    expect(store.lessonReads(bob).map((r) => r.lessonId)).toEqual(['m/three']);
  });

  it('lists quiz attempts with their scores and times, not their answers', () => {
    const store = temp.open();
    const ada = store.createGuestUser().id;
    store.recordQuizAttempt(ada, 'm/one', 2, 4, [[0], [1], [0], [2]]);
    expect(store.quizAttempts(ada)).toEqual([
      { lessonId: 'm/one', score: 2, total: 4, createdAt: expect.any(String) },
    ]);
  });

  it('moves a guest’s reads into the account they sign in to', () => {
    const store = temp.open();
    const guest = store.createGuestUser().id;
    const account = store.createAccount('ada@example.com', 'hash', 'learner').id;
    store.recordLessonRead(guest, 'm/one');
    store.mergeUserInto(guest, account);
    expect(store.lessonReads(account).map((r) => r.lessonId)).toEqual(['m/one']);
    expect(store.lessonReads(guest)).toEqual([]);
  });
});
