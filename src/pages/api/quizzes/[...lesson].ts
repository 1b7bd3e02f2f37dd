import type { APIRoute } from 'astro';
import { getEntry } from 'astro:content';
import { PlatformError } from '../../../platform-error';
import { gradeQuiz } from '../../../quizzes/grade-quiz';
import { handle, json, readJson } from '../../../server/api-response';

/** Checks a lesson's quiz answers on the server (the key never reaches the browser) and records the attempt. */
export const POST: APIRoute = ({ locals, params, request }) =>
  handle(async () => {
    const lessonId = params.lesson ?? '';
    const lesson = await getEntry('lessons', lessonId);
    if (!lesson?.data.quiz) {
      throw new PlatformError('bad-request', `The lesson "${lessonId}" has no quiz.`, {
        action: 'Open the quiz from its lesson page.',
      });
    }
    const { answers } = await readJson(request);
    const { verdict, chosen } = gradeQuiz(lesson.data.quiz, answers);
    locals.platform.store.recordQuizAttempt(
      locals.userId,
      lessonId,
      verdict.score,
      verdict.total,
      chosen,
    );
    return json(verdict);
  });
