/** The grader's result as the API returns it (see docs/labs.md). */
export interface GradeResultView {
  gradable: boolean;
  score: number;
  max_score: number;
  passed: boolean;
  error?: string;
  tests: Array<{
    id: string;
    name: string;
    status: 'passed' | 'failed' | 'error';
    score: number;
    max_score: number;
    output: string;
    hint?: string;
    evidence: Array<{ kind: string; summary: string }>;
  }>;
}

const el = <K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: { className?: string; text?: string } = {},
  ...children: Node[]
): HTMLElementTagNameMap[K] => {
  const node = document.createElement(tag);
  if (props.className) node.className = props.className;
  if (props.text !== undefined) node.textContent = props.text;
  node.append(...children);
  return node;
};

const ICON = { passed: '✔', failed: '✘', error: '⚠' } as const;

/** Renders a result with textContent only: check output comes from learner code and is never HTML. */
export function renderGrade(container: HTMLElement, result: GradeResultView): void {
  const summary = result.gradable
    ? `${result.passed ? 'All checks pass' : 'Not yet'}: ${result.score} / ${result.max_score} points`
    : `This attempt could not be graded: ${result.error ?? 'grader error'}`;
  const list = el('ul', { className: 'checks' });
  for (const test of result.tests) {
    const item = el(
      'li',
      { className: `check ${test.status}` },
      el('strong', { text: `${ICON[test.status]} ${test.name}` }),
      el('span', { className: 'meta', text: ` (${test.score}/${test.max_score})` }),
    );
    if (test.status !== 'passed')
      item.append(el('pre', { className: 'output', text: test.output }));
    if (test.hint && test.status === 'failed')
      item.append(el('p', { className: 'hint', text: `Hint: ${test.hint}` }));
    if (test.evidence.length > 0) {
      const details = el('details', {}, el('summary', { text: 'What the grader saw' }));
      details.append(
        el('pre', { className: 'evidence', text: test.evidence.map((e) => e.summary).join('\n') }),
      );
      item.append(details);
    }
    list.append(item);
  }
  container.replaceChildren(
    el(
      'div',
      { className: `card grade ${result.passed ? 'passed' : 'failed'}` },
      el('h3', { text: summary }),
      list,
    ),
  );
}

export interface AttemptView {
  score: number;
  maxScore: number;
  passed: boolean;
  gradable: boolean;
  createdAt: string;
}

/** "Earlier attempts": when, and how it went, newest first. */
export function renderAttempts(container: HTMLElement, attempts: AttemptView[]): void {
  if (attempts.length === 0) return container.replaceChildren();
  const list = el('ol', { className: 'attempt-list' });
  for (const a of attempts) {
    const when = new Date(a.createdAt).toLocaleString();
    const how = a.gradable
      ? `${a.score} / ${a.maxScore}${a.passed ? ' ✔' : ''}`
      : 'not graded (grader error)';
    list.append(el('li', { text: `${when}: ${how}` }));
  }
  container.replaceChildren(
    el('details', {}, el('summary', { text: `Earlier attempts (${attempts.length})` }), list),
  );
}

const STATUS_TEXT = { passed: 'passed', failed: 'not passed yet', error: 'could not be checked' };

/**
 * Ticks the checks listed under each step of the lab page with the latest
 * result, and marks a step done when all of its checks pass.
 */
export function markStepChecks(root: ParentNode, result: GradeResultView): void {
  if (!result.gradable) return;
  const status = new Map(result.tests.map((t) => [t.id, t.status]));
  for (const list of root.querySelectorAll<HTMLElement>('ul[data-step]')) {
    const items = [...list.querySelectorAll<HTMLElement>('li[data-check]')];
    for (const item of items) {
      const s = status.get(item.dataset['check']!);
      if (!s) continue;
      item.dataset['status'] = s;
      item.querySelector('.check-icon')!.textContent = ICON[s];
      item.querySelector('.check-status')!.textContent = STATUS_TEXT[s];
    }
    list.closest('section')?.toggleAttribute(
      'data-done',
      items.every((i) => i.dataset['status'] === 'passed'),
    );
  }
}
