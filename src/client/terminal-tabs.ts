import { openLabTerminal, type LabTerminal, type TerminalStatus } from './terminal/lab-terminal';

const STATUS_TEXT: Record<TerminalStatus, string> = {
  connecting: 'Connecting to your lab…',
  connected: 'Lab running',
  reconnecting: 'Connection lost, reconnecting',
  ended: 'Terminal closed',
};
/** Shell tabs per lab: each is a tmux session that lives on in the workspace. */
const MAX_SHELLS = 4;

interface Tab {
  id: string;
  button: HTMLButtonElement;
  screen: HTMLElement;
  /** Set right after the tab exists: the terminal reports its status to the tab. */
  terminal: LabTerminal | undefined;
  status: string;
}

/** The terminals of one lab session: shell tabs and read-only log views, one shown at a time. */
export class TerminalTabs {
  private readonly tabs = new Map<string, Tab>();
  private active = '';

  constructor(
    private readonly root: HTMLElement,
    private readonly sessionId: string,
    private readonly onStatus: (text: string) => void,
  ) {}

  /** Opens the next shell tab (`main`, then `tab-2` …), or shows it when it is open already. */
  openShell(): void {
    const shells = [...this.tabs.keys()].filter((id) => !id.startsWith('logs-'));
    if (shells.length >= MAX_SHELLS) return;
    const id = shells.length === 0 ? 'main' : `tab-${shells.length + 1}`;
    this.open(id, `Terminal ${shells.length + 1}`, { tab: id });
  }

  openLogs(service: string): void {
    const id = `logs-${service}`;
    if (this.tabs.has(id)) return this.select(id);
    this.open(id, `Logs: ${service}`, { logsOf: service });
  }

  changeFontSize(step: number): void {
    this.tabs.get(this.active)?.terminal?.changeFontSize(step);
  }

  screenText(id = this.active): string {
    return this.tabs.get(id)?.terminal?.screenText() ?? '';
  }

  dispose(): void {
    for (const tab of this.tabs.values()) {
      tab.terminal?.dispose();
      tab.button.remove();
      tab.screen.remove();
    }
    this.tabs.clear();
  }

  private open(id: string, label: string, source: { tab: string } | { logsOf: string }): void {
    const button = document.createElement('button');
    button.className = 'tab-button';
    button.setAttribute('role', 'tab');
    button.textContent = label;
    button.addEventListener('click', () => this.select(id));
    this.root.querySelector('.tab-list')!.append(button);
    const screen = document.createElement('div');
    screen.className = 'terminal';
    screen.dataset['testid'] = id === 'main' ? 'terminal' : `terminal-${id}`;
    this.root.querySelector('.screens')!.append(screen);
    const tab: Tab = { id, button, screen, terminal: undefined, status: STATUS_TEXT.connecting };
    this.tabs.set(id, tab);
    this.select(id);
    tab.terminal = openLabTerminal(screen, {
      sessionId: this.sessionId,
      source,
      onStatus: (status, detail) => {
        screen.dataset['status'] = status;
        tab.status = detail ? `${STATUS_TEXT[status]} (${detail})` : STATUS_TEXT[status];
        if (this.active === id) this.onStatus(tab.status);
      },
    });
  }

  private select(id: string): void {
    this.active = id;
    for (const tab of this.tabs.values()) {
      const shown = tab.id === id;
      tab.button.setAttribute('aria-selected', String(shown));
      tab.screen.hidden = !shown;
      if (shown) {
        this.onStatus(tab.status);
        tab.terminal?.focus();
      }
    }
  }
}
