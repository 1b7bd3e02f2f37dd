interface Verdict {
  score: number;
  total: number;
  /** Only for a graded test such as the final assessment: whether the score reaches its pass mark. */
  passed?: boolean;
  passMark?: number;
  questions: Array<{ correct: boolean; explanations: string[] }>;
}

/** <quiz-form>: sends the chosen answers to the server and shows its verdict per question. */
class QuizForm extends HTMLElement {
  connectedCallback(): void {
    const form = this.querySelector('form')!;
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.submit(form);
    });
  }

  private async submit(form: HTMLFormElement): Promise<void> {
    const fieldsets = [...form.querySelectorAll<HTMLFieldSetElement>('fieldset[data-question]')];
    const answers = fieldsets.map((fs) =>
      [...fs.querySelectorAll<HTMLInputElement>('input:checked')].map((input) =>
        Number(input.value),
      ),
    );
    const score = form.querySelector<HTMLElement>('.quiz-score')!;
    if (answers.some((a) => a.length === 0)) {
      score.textContent = 'Answer every question first.';
      return;
    }
    const response = await fetch(this.dataset['action']!, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ answers }),
    });
    const body = (await response.json()) as Verdict & { error?: { message: string } };
    if (!response.ok) {
      score.textContent = body.error?.message ?? 'Your answers could not be checked; try again.';
      return;
    }
    body.questions.forEach((q, i) => {
      const verdict = fieldsets[i]!.querySelector<HTMLElement>('.verdict')!;
      verdict.className = `verdict ${q.correct ? 'right' : 'wrong'}`;
      verdict.textContent = `${q.correct ? '✔ Right.' : '✘ Not quite.'} ${q.explanations.join(' ')}`;
    });
    score.textContent = `${body.score} of ${body.total} right. ${summary(body)}`;
    form.querySelector<HTMLButtonElement>('button[type="submit"]')!.disabled =
      body.passed !== undefined;
  }
}

function summary(verdict: Verdict): string {
  if (verdict.passed === undefined) {
    return verdict.score === verdict.total ? 'Well done!' : 'Read the explanations and try again.';
  }
  const needed = Math.round((verdict.passMark ?? 0) * 100);
  return verdict.passed
    ? `You passed the final assessment (${needed}% needed).`
    : `Not passed yet: ${needed}% is needed. Read the explanations, then start a new attempt.`;
}

export function defineQuizForm(): void {
  if (!customElements.get('quiz-form')) customElements.define('quiz-form', QuizForm);
}
