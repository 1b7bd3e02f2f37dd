import { gradeLab } from '../../grader/engine/grade-lab';
import type { GradeResult } from '../../grader/engine/grade-result';
import { loadChecks } from '../../grader/engine/load-checks';
import { PlatformError } from '../platform-error';
import type { SandboxDriver, ServiceStatus, ShellProcess } from '../sandbox/sandbox-driver';
import type { LabSessionRecord, Store } from '../store/store';
import type { Lab, LabCatalog } from './lab-catalog';
import { waitForPorts } from './wait-for-ports';

export interface LabSessionView {
  id: string;
  lab: string;
  state: LabSessionRecord['state'];
  createdAt: string;
  error?: string;
  services?: ServiceStatus[];
}

export type EngineStatus =
  { ok: true; version: string } | { ok: false; message: string; action: string | undefined };

/** How long a new lab waits for its services to listen before it is handed over anyway. */
const START_READY_MS = 15_000;
/** How long grading waits for a service that is (re)starting. */
const GRADE_WARM_UP_MS = 10_000;

/** The shell a terminal attaches to: tmux keeps it alive across reconnects. */
const SHELL_ARGV = ['tmux', 'new-session', '-A', '-s', 'main'];

/** Starts, lists, grades and stops lab sessions on behalf of a user. */
export class LabSessionService {
  constructor(
    private readonly store: Store,
    private readonly driver: SandboxDriver,
    private readonly catalog: LabCatalog,
    private readonly maxSessionsPerUser: number,
  ) {}

  async engineStatus(): Promise<EngineStatus> {
    try {
      return { ok: true, version: (await this.driver.ping()).version };
    } catch (error) {
      const e = error as PlatformError;
      return { ok: false, message: e.message, action: e.action };
    }
  }

  lab(labId: string): Lab {
    const lab = this.catalog.labs.get(labId);
    if (!lab) {
      throw new PlatformError('unknown-lab', `There is no lab "${labId}".`, {
        action: `Pick one of: ${[...this.catalog.labs.keys()].join(', ') || '(no labs are installed)'}.`,
      });
    }
    return lab;
  }

  /** Starts a lab, or returns the user's running session of it (`created: false`). */
  async start(
    userId: string,
    labId: string,
  ): Promise<{ session: LabSessionView; created: boolean }> {
    const lab = this.lab(labId);
    const live = this.store.listLiveLabSessions(userId);
    const existing = live.find((s) => s.labId === labId && s.state === 'ready');
    if (existing) return { session: view(existing), created: false };
    if (live.length >= this.maxSessionsPerUser) {
      throw new PlatformError('quota-exceeded', `You already have ${live.length} labs running.`, {
        action: 'Stop one of your running labs, then start this one again.',
      });
    }
    await this.driver.ping();
    const record = this.store.insertLabSession(userId, labId);
    try {
      const services = await this.driver.createEnvironment({
        sessionId: record.id,
        labId,
        ownerId: userId,
        workspace: lab.manifest.workspace,
        starterDir: lab.starterDir,
        services: Object.entries(lab.manifest.services).map(([name, s]) => ({
          name,
          image: s.image,
          command: s.command,
          environment: Object.fromEntries(
            Object.entries(s.environment).map(([k, v]) => [k, String(v)]),
          ),
          ports: s.ports,
          codeDir: s.code,
        })),
      });
      await waitForPorts(
        { driver: this.driver, sessionId: record.id },
        servicePorts(lab),
        START_READY_MS,
      );
      this.store.setLabSessionState(record.id, 'ready');
      return { session: { ...view({ ...record, state: 'ready' }), services }, created: true };
    } catch (error) {
      this.store.setLabSessionState(record.id, 'failed', (error as Error).message);
      throw error;
    }
  }

  list(userId: string): LabSessionView[] {
    return this.store.listLiveLabSessions(userId).map(view);
  }

  /** The user's session; another user's session is reported as not found, never as forbidden. */
  get(userId: string, sessionId: string): LabSessionRecord {
    const record = this.store.getLabSession(sessionId);
    if (!record || record.userId !== userId) {
      throw new PlatformError('session-not-found', 'No such lab session.', {
        action: 'Start the lab again from its page.',
      });
    }
    return record;
  }

  async describe(userId: string, sessionId: string): Promise<LabSessionView> {
    const record = this.get(userId, sessionId);
    if (record.state !== 'ready') return view(record);
    return { ...view(record), services: await this.driver.status(sessionId) };
  }

  async stop(userId: string, sessionId: string): Promise<void> {
    const record = this.get(userId, sessionId);
    await this.driver.destroyEnvironment(record.id);
    if (record.state === 'ready' || record.state === 'starting') {
      this.store.setLabSessionState(record.id, 'ended');
    }
  }

  async grade(userId: string, sessionId: string): Promise<GradeResult> {
    const record = this.ready(userId, sessionId);
    const lab = this.lab(record.labId);
    const target = { driver: this.driver, sessionId };
    const checks = await loadChecks(lab.checksFile);
    await waitForPorts(target, servicePorts(lab), GRADE_WARM_UP_MS);
    const result = await gradeLab({
      labId: lab.manifest.id,
      checks,
      order: lab.manifest.steps.flatMap((s) => s.checks),
      target,
    });
    const hinted = {
      ...result,
      tests: result.tests.map((t) => {
        const hint = t.hint ?? lab.manifest.hints[t.id];
        return t.status === 'failed' && hint ? { ...t, hint } : t;
      }),
    };
    this.store.insertGrade({
      sessionId,
      userId,
      labId: lab.manifest.id,
      gradable: hinted.gradable,
      score: hinted.score,
      maxScore: hinted.max_score,
      passed: hinted.passed,
      result: hinted,
    });
    return hinted;
  }

  async openTerminal(
    userId: string,
    sessionId: string,
    size: { cols: number; rows: number },
  ): Promise<ShellProcess> {
    this.ready(userId, sessionId);
    return this.driver.openShell(sessionId, SHELL_ARGV, size);
  }

  /**
   * Brings the store and the engine into agreement after a restart: sessions
   * whose environment is gone end, and environments no session owns are removed.
   */
  async reconcile(): Promise<{ ended: number; removed: number }> {
    const onEngine = new Set(await this.driver.listEnvironments());
    const live = this.store.listLiveLabSessions();
    let ended = 0;
    for (const session of live) {
      if (session.state === 'starting' || !onEngine.has(session.id)) {
        await this.driver.destroyEnvironment(session.id);
        const why =
          session.state === 'starting'
            ? 'the platform restarted while it was starting'
            : 'its environment was removed';
        this.store.setLabSessionState(session.id, 'ended', why);
        ended++;
      }
    }
    const kept = new Set(live.filter((s) => s.state === 'ready').map((s) => s.id));
    const orphans = [...onEngine].filter((id) => !kept.has(id));
    await Promise.all(orphans.map((id) => this.driver.destroyEnvironment(id)));
    return { ended, removed: orphans.length };
  }

  private ready(userId: string, sessionId: string): LabSessionRecord {
    const record = this.get(userId, sessionId);
    if (record.state !== 'ready') {
      throw new PlatformError('session-not-ready', `This lab session is ${record.state}.`, {
        action: 'Start the lab again from its page.',
      });
    }
    return record;
  }
}

function servicePorts(lab: Lab): Array<{ name: string; ports: number[] }> {
  return Object.entries(lab.manifest.services).map(([name, s]) => ({ name, ports: s.ports }));
}

function view(record: LabSessionRecord): LabSessionView {
  return {
    id: record.id,
    lab: record.labId,
    state: record.state,
    createdAt: record.createdAt,
    ...(record.error ? { error: record.error } : {}),
  };
}
