import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from '../../src/instructor/csv';
import { gradesCsv, progressCsv } from '../../src/instructor/instructor-csv';

describe('CSV for the instructor exports', () => {
  it('quotes cells with commas, quotes and line breaks, as RFC 4180 does', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('Lee, Ann')).toBe('"Lee, Ann"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell(null)).toBe('');
    expect(toCsv(['a', 'b'], [[1, 'x,y']])).toBe('a,b\r\n1,"x,y"\r\n');
  });

  it('turns a cell a spreadsheet would run as a formula into text', () => {
    expect(csvCell('=HYPERLINK("http://evil.example","click")')).toBe(
      `"'=HYPERLINK(""http://evil.example"",""click"")"`,
    );
    for (const start of ['+', '-', '@', '\t'])
      expect(csvCell(`${start}SUM(A1:A9)`)).toBe(`'${start}SUM(A1:A9)`);
    expect(csvCell('a=b')).toBe('a=b');
    expect(csvCell(-3)).toBe('-3');
  });

  it('writes one progress row per learner with whole percentages', () => {
    const csv = progressCsv([
      {
        id: 'u1',
        name: '=cmd@example.org',
        kind: 'account',
        lessonsDone: 2,
        lessonsTotal: 28,
        quizAverage: 0.125,
        quizzesTaken: 3,
        quizzesTotal: 28,
        labsPassed: ['hello-service', 'saga'],
        assessmentBest: undefined,
        lastActiveAt: '2026-11-29T12:00:00.000Z',
      },
    ]);
    const [header, row, end] = csv.split('\r\n');
    expect(header).toBe(
      'learner,user_id,kind,lessons_done,lessons_total,quiz_average_percent,quizzes_taken,quizzes_total,labs_passed,assessment_best_percent,last_active',
    );
    expect(row).toBe(
      "'=cmd@example.org,u1,account,2,28,13,3,28,hello-service saga,,2026-11-29T12:00:00.000Z",
    );
    expect(end).toBe('');
  });

  it('writes one grades row per attempt with the checks it failed', () => {
    const csv = gradesCsv([
      {
        learner: 'Guest abc123',
        userId: 'abc1234567890def',
        labId: 'hello-service',
        at: '2026-11-29T12:00:00.000Z',
        score: 2,
        maxScore: 4,
        passed: false,
        gradable: true,
        failedChecks: ['health-route'],
      },
    ]);
    expect(csv.split('\r\n')[1]).toBe(
      'Guest abc123,abc1234567890def,hello-service,2026-11-29T12:00:00.000Z,2,4,no,yes,health-route',
    );
  });
});
