import { describe, expect, it } from 'vitest';
import { describePath, pathChart } from '../../src/progress/path-chart';
import type { LessonReport, LessonStage, ModuleReport } from '../../src/progress/progress-report';

const lesson = (title: string, stage: LessonStage): LessonReport => ({
  id: `m/${title}`,
  title,
  minutes: 10,
  opened: stage === 'not-opened' ? 0 : 1,
  stage,
  quiz: { status: 'not-tried', attempts: 0, best: null },
  lab: null,
  timeSpentMs: 0,
});

const module = (title: string, stages: LessonStage[]): ModuleReport => ({
  id: title.toLowerCase(),
  title,
  lessons: stages.map((s, i) => lesson(`${title} ${i + 1}`, s)),
  counts: {
    lessons: stages.length,
    read: 0,
    quizzes: 0,
    quizzesPassed: 0,
    labs: 0,
    labsPassed: 0,
    done: stages.filter((s) => s === 'done').length,
    timeSpentMs: 0,
  },
});

describe('the path chart', () => {
  const modules = [
    module('Orientation', ['done', 'quiz-passed', 'read']),
    module('Careers', ['not-opened', 'not-opened']),
  ];

  it('says in words what every row shows, furthest stage first', () => {
    expect(describePath(modules)).toBe(
      'Orientation, 3 lessons: 1 done; 1 quiz passed, lab still to pass; 1 opened, not finished. ' +
        'Careers, 2 lessons: 2 not opened yet.',
    );
  });

  it('draws a row per module and a dot per lesson, left to right in course order', () => {
    const chart = pathChart(modules);
    expect(chart.rows.map((r) => r.summary)).toEqual(['1 of 3 done', '0 of 2 done']);
    const [first] = chart.rows;
    expect(first!.dots.map((d) => d.label)).toEqual([
      'Orientation 1: done',
      'Orientation 2: quiz passed, lab still to pass',
      'Orientation 3: opened, not finished',
    ]);
    const xs = first!.dots.map((d) => d.x);
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
    expect(chart.rows[1]!.lineY).toBeGreaterThan(first!.lineY);
    expect(first!.summaryX).toBeGreaterThan(xs[2]!);
    expect(chart.width).toBeGreaterThan(first!.summaryX);
  });
});
