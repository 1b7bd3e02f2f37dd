import type { LessonStage, ModuleReport } from './progress-report';

/** What each stage of a lesson means, in the chart's legend and its description. */
export const STAGE_TEXT: Record<LessonStage, string> = {
  done: 'done',
  'quiz-passed': 'quiz passed, lab still to pass',
  read: 'opened, not finished',
  'not-opened': 'not opened yet',
};

/** Legend order: from nothing to finished, as a learner moves along. */
export const STAGES: LessonStage[] = ['not-opened', 'read', 'quiz-passed', 'done'];

export interface PathDot {
  x: number;
  y: number;
  stage: LessonStage;
  /** "<lesson title>: <stage>", shown as the dot's tooltip. */
  label: string;
}

export interface PathRow {
  title: string;
  titleY: number;
  lineY: number;
  lineFrom: number;
  lineTo: number;
  dots: PathDot[];
  summary: string;
  summaryX: number;
}

export interface PathChart {
  width: number;
  height: number;
  rows: PathRow[];
  /** Everything the picture shows, in words: the SVG's <desc>. */
  description: string;
}

/** Pixels of the SVG's own coordinate space (it scales to the page's width). */
const PAD = 12;
const DOT_RADIUS = 9;
const DOT_STEP = 44;
const ROW_HEIGHT = 64;
const TITLE_BASELINE = 18;
const LINE_OFFSET = 42;
const SUMMARY_GAP = 24;
const SUMMARY_WIDTH = 110;
const MIN_WIDTH = 300;

/**
 * The learner's path through the course: a row per module, a dot per lesson
 * in course order, each dot drawn by how far the learner got with it.
 */
export function pathChart(modules: readonly ModuleReport[]): PathChart {
  const widest = Math.max(1, ...modules.map((m) => m.lessons.length));
  const summaryX = PAD + 2 * DOT_RADIUS + (widest - 1) * DOT_STEP + SUMMARY_GAP;
  const rows = modules.map((module, row): PathRow => {
    const top = row * ROW_HEIGHT;
    const lineY = top + LINE_OFFSET;
    const dots = module.lessons.map((lesson, i) => ({
      x: PAD + DOT_RADIUS + i * DOT_STEP,
      y: lineY,
      stage: lesson.stage,
      label: `${lesson.title}: ${STAGE_TEXT[lesson.stage]}`,
    }));
    return {
      title: module.title,
      titleY: top + TITLE_BASELINE,
      lineY,
      lineFrom: dots[0]?.x ?? PAD,
      lineTo: dots[dots.length - 1]?.x ?? PAD,
      dots,
      summary: `${module.counts.done} of ${module.counts.lessons} done`,
      summaryX,
    };
  });
  return {
    width: Math.max(MIN_WIDTH, summaryX + SUMMARY_WIDTH),
    height: Math.max(ROW_HEIGHT, modules.length * ROW_HEIGHT),
    rows,
    description: describePath(modules),
  };
}

/** "Orientation, 3 lessons: 1 done, 1 opened, not finished, 1 not opened yet." per module. */
export function describePath(modules: readonly ModuleReport[]): string {
  return modules
    .map((m) => {
      const parts = STAGES.slice()
        .reverse()
        .map((stage) => ({ stage, n: m.lessons.filter((l) => l.stage === stage).length }))
        .filter(({ n }) => n > 0)
        .map(({ stage, n }) => `${n} ${STAGE_TEXT[stage]}`);
      const lessons = m.lessons.length === 1 ? '1 lesson' : `${m.lessons.length} lessons`;
      return `${m.title}, ${lessons}: ${parts.join('; ')}.`;
    })
    .join(' ');
}
