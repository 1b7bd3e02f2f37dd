import { PlatformError } from '../platform-error';

export interface QuizQuestion {
  question: string;
  choices: Array<{ text: string; correct: boolean; explanation: string }>;
}

export interface QuestionVerdict {
  correct: boolean;
  /** Why each chosen answer is right or wrong (only for what the learner chose: the key stays on the server). */
  explanations: string[];
}

export interface QuizVerdict {
  score: number;
  total: number;
  questions: QuestionVerdict[];
}

/**
 * Checks a learner's answers (for each question, the indexes of the chosen
 * choices). A question counts as right when exactly its correct choices are chosen.
 */
export function gradeQuiz(
  quiz: QuizQuestion[],
  answers: unknown,
): { verdict: QuizVerdict; chosen: number[][] } {
  if (!Array.isArray(answers) || answers.length !== quiz.length) {
    throw new PlatformError(
      'bad-request',
      `Send one answer for each of the ${quiz.length} questions.`,
      {
        action: 'Answer every question, then submit again.',
      },
    );
  }
  const chosen = answers.map((answer, i) => {
    const max = quiz[i]!.choices.length;
    if (
      !Array.isArray(answer) ||
      answer.length === 0 ||
      !answer.every((c) => Number.isInteger(c) && c >= 0 && c < max)
    ) {
      throw new PlatformError('bad-request', `Question ${i + 1} has no valid answer.`, {
        action: 'Choose at least one answer for every question.',
      });
    }
    return [...new Set(answer as number[])].sort((a, b) => a - b);
  });
  const questions = quiz.map((q, i): QuestionVerdict => {
    const key = q.choices.flatMap((c, j) => (c.correct ? [j] : []));
    const picked = chosen[i]!;
    return {
      correct: key.length === picked.length && key.every((k, j) => k === picked[j]),
      explanations: picked.map((j) => q.choices[j]!.explanation),
    };
  });
  return {
    verdict: { score: questions.filter((q) => q.correct).length, total: quiz.length, questions },
    chosen,
  };
}
