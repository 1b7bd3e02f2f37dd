import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { projectRoot } from '../../src/project-root';
import type { QuizQuestion } from '../../src/quizzes/grade-quiz';

export interface LessonQuiz {
  id: string;
  module: string;
  quiz: QuizQuestion[];
}

/** Every lesson with a quiz, read from the content files as an author wrote them. */
export function lessonsWithQuizzes(): LessonQuiz[] {
  const root = path.join(projectRoot, 'content', 'lessons');
  return fs
    .readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.mdx'))
    .map((f) => {
      const text = fs.readFileSync(path.join(root, f), 'utf8');
      const front = parseYaml(/^---\n([\s\S]*?)\n---/.exec(text)![1]!) as {
        module: string;
        quiz?: Array<{
          question: string;
          choices: Array<{ text: string; correct?: boolean; explanation: string }>;
        }>;
      };
      return {
        id: f.replace(/\.mdx$/, ''),
        module: front.module,
        quiz: (front.quiz ?? []).map((q) => ({
          question: q.question,
          choices: q.choices.map((c) => ({ ...c, correct: c.correct ?? false })),
        })),
      };
    })
    .filter((l) => l.quiz.length > 0);
}

/** The indexes of a question's correct choices: the answer a learner who knows gives. */
export const rightAnswer = (q: QuizQuestion): number[] =>
  q.choices.flatMap((c, i) => (c.correct ? [i] : []));
