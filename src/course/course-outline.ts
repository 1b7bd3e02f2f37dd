import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

const CourseSchema = z.object({
  title: z.string().min(1),
  modules: z
    .array(z.object({ id: z.string().regex(/^[a-z0-9-]+$/), title: z.string().min(1) }))
    .min(1),
  certificate: z.record(z.string(), z.unknown()).optional(),
  /** The final assessment: questions drawn from every module's lesson quizzes. */
  assessment: z
    .object({
      questions_per_module: z.number().int().min(1).max(10),
      /** Share of questions right (0 to 1) that passes. */
      pass_mark: z.number().gt(0).max(1),
    })
    .default({ questions_per_module: 2, pass_mark: 0.8 }),
});

export type Course = z.infer<typeof CourseSchema>;

/** content/course.yaml, read at build time (the site's pages are built from the project root). */
export function loadCourse(root = process.cwd()): Course {
  const file = path.join(root, 'content', 'course.yaml');
  const parsed = CourseSchema.safeParse(parseYaml(fs.readFileSync(file, 'utf8')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`content/course.yaml → ${issue.path.join('.')}: ${issue.message}`);
  }
  return parsed.data;
}

/**
 * Lessons in course order: modules as course.yaml lists them, lessons by
 * their `order`. A lesson in a module the course does not list, or a listed
 * module without a lesson, fails the build with a message saying which.
 */
export async function courseOrder<
  L extends { id: string; data: { module: string; order: number } },
>(lessons: L[]): Promise<L[]> {
  const course = loadCourse();
  const known = new Set(course.modules.map((m) => m.id));
  const stray = lessons.find((l) => !known.has(l.data.module));
  if (stray) {
    throw new Error(
      `lesson ${stray.id}: module "${stray.data.module}" is not in content/course.yaml (modules: ${[...known].join(', ')})`,
    );
  }
  const empty = course.modules.find((m) => !lessons.some((l) => l.data.module === m.id));
  if (empty) {
    throw new Error(
      `content/course.yaml lists the module "${empty.id}", but no lesson has module: ${empty.id}`,
    );
  }
  return course.modules.flatMap((m) =>
    lessons.filter((l) => l.data.module === m.id).sort((a, b) => a.data.order - b.data.order),
  );
}

/** Internal links a lesson's Markdown makes: `](/lessons/…)` and `](/labs/…)`. */
const INTERNAL_LINK = /\]\(\/(lessons|labs)\/([a-z0-9/-]+?)\/?(?:#[^)]*)?\)/g;

/**
 * Fails the build, naming the lesson and what to fix, when a lesson names a
 * lab that does not exist or links to a lesson or lab that does not exist.
 */
export function checkLessonReferences(
  lessons: Array<{ id: string; body?: string | undefined; data: { lab?: string | undefined } }>,
  root = process.cwd(),
): void {
  const lessonIds = new Set(lessons.map((l) => l.id));
  const labExists = (id: string) => fs.existsSync(path.join(root, 'labs', id, 'lab.yaml'));
  const problems: string[] = [];
  for (const lesson of lessons) {
    if (lesson.data.lab && !labExists(lesson.data.lab)) {
      problems.push(
        `lesson ${lesson.id}: lab "${lesson.data.lab}" does not exist (no labs/${lesson.data.lab}/lab.yaml)`,
      );
    }
    for (const [, kind, target] of (lesson.body ?? '').matchAll(INTERNAL_LINK)) {
      const ok = kind === 'lessons' ? lessonIds.has(target!) : labExists(target!);
      if (!ok) problems.push(`lesson ${lesson.id}: broken link to /${kind}/${target}`);
    }
  }
  if (problems.length) throw new Error(`Fix these before building:\n  ${problems.join('\n  ')}`);
}
