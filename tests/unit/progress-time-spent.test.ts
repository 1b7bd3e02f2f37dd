import { describe, expect, it } from 'vitest';
import { estimateTimeSpent, formatMinutes } from '../../src/progress/time-spent';

/** Lessons and the minutes each says it takes. */
const MINUTES: Record<string, number> = { 'm/one': 10, 'm/two': 20, 'm/three': 5 };
const minutesOf = (id: string) => MINUTES[id];

/** A moment `minutes` after nine o'clock. */
const at = (minutes: number) => new Date(Date.UTC(2026, 0, 5, 9, minutes)).toISOString();
const open = (lessonId: string, minutes: number) => ({ lessonId, at: at(minutes) });
const MIN = 60_000;

describe('time spent on lessons, estimated from the pages a learner opened', () => {
  it('counts a visit until the next lesson is opened', () => {
    const spent = estimateTimeSpent([open('m/one', 0), open('m/two', 7)], [], minutesOf);
    expect(spent.get('m/one')).toBe(7 * MIN);
  });

  it('never counts a visit longer than twice the lesson’s stated minutes (a tab left open overnight)', () => {
    const spent = estimateTimeSpent([open('m/one', 0), open('m/two', 59 * 24)], [], minutesOf);
    expect(spent.get('m/one')).toBe(20 * MIN);
  });

  it('treats reloads of the same lesson as one visit, capped once', () => {
    const reads = [open('m/three', 0), open('m/three', 8), open('m/three', 9), open('m/one', 12)];
    expect(estimateTimeSpent(reads, [], minutesOf).get('m/three')).toBe(10 * MIN);
  });

  it('adds up separate visits to the same lesson', () => {
    const reads = [open('m/one', 0), open('m/two', 4), open('m/one', 30), open('m/two', 36)];
    const spent = estimateTimeSpent(reads, [], minutesOf);
    expect(spent.get('m/one')).toBe(10 * MIN);
    expect(spent.get('m/two')).toBe(26 * MIN);
  });

  it('counts the last visit only as far as a quiz answer on that lesson proves', () => {
    const reads = [open('m/one', 0), open('m/two', 5)];
    expect(estimateTimeSpent(reads, [], minutesOf).get('m/two')).toBe(0);
    const answers = [open('m/two', 17), open('m/one', 40)];
    expect(estimateTimeSpent(reads, answers, minutesOf).get('m/two')).toBe(12 * MIN);
  });

  it('ignores quiz answers from before the visit, and lessons no longer in the course', () => {
    const reads = [open('gone/lesson', 0), open('m/one', 5)];
    const spent = estimateTimeSpent(reads, [open('m/one', 1)], minutesOf);
    expect(spent.get('m/one')).toBe(0);
    expect(spent.has('gone/lesson')).toBe(false);
  });

  it('does not depend on the order the reads arrive in', () => {
    const reads = [open('m/two', 7), open('m/one', 0)];
    expect(estimateTimeSpent(reads, [], minutesOf).get('m/one')).toBe(7 * MIN);
  });

  it('reads as whole minutes and hours', () => {
    expect(formatMinutes(0)).toBe('0 min');
    expect(formatMinutes(59.9 * MIN)).toBe('59 min');
    expect(formatMinutes(60 * MIN)).toBe('1 h');
    expect(formatMinutes(125 * MIN)).toBe('2 h 5 min');
  });
});
