import {
  markStepChecks,
  renderAttempts,
  renderGrade,
  type AttemptView,
  type GradeResultView,
} from './grade-view';
import { TerminalTabs } from './terminal-tabs';

interface ApiError {
  error?: { message?: string; action?: string };
}

async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(path, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (response.status === 204) return undefined as T;
  const data = (await response.json().catch(() => ({}))) as T & ApiError;
  if (!response.ok) {
    const { message = `Request failed (${response.status})`, action } = data.error ?? {};
    throw new Error(action ? `${message} ${action}` : message);
  }
  return data;
}

interface SessionView {
  id: string;
  state: 'queued' | 'starting' | 'ready' | 'failed' | 'ended';
  position?: number;
  error?: string;
  services?: Array<{ name: string; state: string; detail?: string }>;
}

const POLL_MS = 400;

/** "Waiting in line (2nd)", or each container's state while the lab comes up. */
function describeProgress(session: SessionView): string {
  if (session.state === 'queued') {
    return session.position
      ? `Waiting for a free slot: you are number ${session.position} in line`
      : 'Waiting for a free slot';
  }
  const services = session.services ?? [];
  if (services.length === 0) return 'Starting your lab environment…';
  return `Starting: ${services
    .map((s) => `${s.name} ${s.state}${s.detail && s.state === 'building' ? ` (${s.detail})` : ''}`)
    .join(' · ')}`;
}

/** <lab-console>: start, grade and stop a lab, with its terminal. */
class LabConsoleElement extends HTMLElement {
  private tabs: TerminalTabs | undefined;
  private sessionId = '';

  connectedCallback(): void {
    this.button('start').addEventListener('click', () => void this.start());
    this.button('grade').addEventListener('click', () => void this.grade());
    this.button('stop').addEventListener('click', () => void this.stop());
    this.button('new-tab').addEventListener('click', () => this.tabs?.openShell());
    this.button('font-smaller').addEventListener('click', () => this.tabs?.changeFontSize(-1));
    this.button('font-bigger').addEventListener('click', () => this.tabs?.changeFontSize(1));
    const logs = this.querySelector<HTMLSelectElement>('[data-action="logs"]');
    logs?.addEventListener('change', () => {
      if (logs.value) this.tabs?.openLogs(logs.value);
      logs.value = '';
    });
    const resume = this.dataset['session'];
    if (resume) {
      void this.busy(this.button('start'), 'Starting…', async () => {
        const { session } = await api<{ session: SessionView }>(
          'GET',
          `/api/lab-sessions/${resume}`,
        );
        await this.follow(session);
      });
    }
  }

  private button(action: string): HTMLButtonElement {
    return this.querySelector<HTMLButtonElement>(`[data-action="${action}"]`)!;
  }

  private find(selector: string): HTMLElement {
    return this.querySelector<HTMLElement>(selector)!;
  }

  private setStatus(text: string): void {
    this.find('.status').textContent = text;
  }

  private showError(error: unknown): void {
    const box = this.find('[data-role="error"]');
    box.textContent = error instanceof Error ? error.message : String(error);
    box.hidden = false;
  }

  private async busy(
    button: HTMLButtonElement,
    label: string,
    work: () => Promise<void>,
  ): Promise<void> {
    const original = button.textContent;
    button.disabled = true;
    button.textContent = label;
    this.find('[data-role="error"]').hidden = true;
    try {
      await work();
    } catch (error) {
      this.showError(error);
    } finally {
      button.disabled = false;
      button.textContent = original;
    }
  }

  private start(): Promise<void> {
    return this.busy(this.button('start'), 'Starting…', async () => {
      this.setStatus('Asking for a lab environment…');
      const { session } = await api<{ session: SessionView }>('POST', '/api/lab-sessions', {
        lab: this.dataset['lab'],
      });
      await this.follow(session);
    });
  }

  /** Shows a starting session's progress until it is ready, then opens its terminal. */
  private async follow(initial: SessionView): Promise<void> {
    let session = initial;
    this.button('start').hidden = true;
    this.button('stop').hidden = false;
    this.sessionId = session.id;
    while (session.state === 'queued' || session.state === 'starting') {
      this.setStatus(describeProgress(session));
      await new Promise((r) => setTimeout(r, POLL_MS));
      session = (await api<{ session: SessionView }>('GET', `/api/lab-sessions/${session.id}`))
        .session;
    }
    if (session.state !== 'ready') {
      this.button('start').hidden = false;
      this.button('stop').hidden = true;
      throw new Error(`The lab could not start: ${session.error ?? session.state}. Try again.`);
    }
    this.attach(session.id);
  }

  private attach(sessionId: string): void {
    this.sessionId = sessionId;
    this.button('start').hidden = true;
    this.button('grade').hidden = false;
    this.button('stop').hidden = false;
    this.find('.workbench').hidden = false;
    this.tabs = new TerminalTabs(this.find('.workbench'), sessionId, (text) =>
      this.setStatus(text),
    );
    this.tabs.openShell();
    void this.showAttempts().catch(() => undefined);
  }

  private async showAttempts(): Promise<void> {
    const { attempts } = await api<{ attempts: AttemptView[] }>(
      'GET',
      `/api/labs/${this.dataset['lab']}/attempts`,
    );
    renderAttempts(this.find('.attempts'), attempts);
  }

  /** The text on the shown terminal's screen (also what browser tests read). */
  screenText(): string {
    return this.tabs?.screenText() ?? '';
  }

  private grade(): Promise<void> {
    return this.busy(this.button('grade'), 'Checking…', async () => {
      const result = await api<GradeResultView>(
        'POST',
        `/api/lab-sessions/${this.sessionId}/grade`,
      );
      renderGrade(this.find('.result'), result);
      markStepChecks(document, result);
      await this.showAttempts();
    });
  }

  private stop(): Promise<void> {
    return this.busy(this.button('stop'), 'Stopping…', async () => {
      await api('DELETE', `/api/lab-sessions/${this.sessionId}`);
      this.tabs?.dispose();
      this.tabs = undefined;
      this.find('.workbench').hidden = true;
      this.find('.result').replaceChildren();
      this.button('start').hidden = false;
      this.button('grade').hidden = true;
      this.button('stop').hidden = true;
      this.setStatus('Lab stopped. Your grades are kept.');
    });
  }
}

export function defineLabConsole(): void {
  if (!customElements.get('lab-console')) customElements.define('lab-console', LabConsoleElement);
}
