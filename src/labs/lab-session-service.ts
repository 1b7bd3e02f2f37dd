import type { GradeResult } from '../../grader/engine/grade-result';
import type { Config } from '../config';
import { restoreJournaledFaults } from '../../grader/engine/fault-injector';
import { loadChecks } from '../../grader/engine/load-checks';
import { PlatformError } from '../platform-error';
import { outputOnly } from '../terminal/output-only';
import type { SandboxDriver, ServiceStatus, ShellProcess } from '../sandbox/sandbox-driver';
import type { AttemptRecord, LabSessionRecord, Store } from '../store/store';
import { environmentSpec, sessionLimits } from './environment-spec';
import { gradeSession } from './grade-session';
import type { Lab, LabCatalog } from './lab-catalog';
import { TaskQueue, type Priority } from './task-queue';

export interface LabSessionView {
  id: string;
  lab: string;
  state: LabSessionRecord['state'];
  createdAt: string;
  expiresAt?: string;
  /** While queued: 1 means next to start. */
  position?: number;
  error?: string;
  services?: ServiceStatus[];
}

export type EngineStatus =
  { ok: true; version: string } | { ok: false; message: string; action: string | undefined };

/** Activity is written at most this often per session: a typing learner is not a write per key. */
const TOUCH_EVERY_MS = 30_000;

/** Lines of a service's earlier output shown when its logs tab opens. */
const LOG_TAIL_LINES = 200;

/** Starts, lists, grades and stops lab sessions on behalf of a user. */
export class LabSessionService {
  private readonly queue: TaskQueue;
  /** Per starting session: every container's state so far, for the page to show. */
  private readonly progress = new Map<string, ServiceStatus[]>();
  /** Per starting session: settles when its start has finished, either way. */
  private readonly starts = new Map<string, Promise<void>>();
  private readonly touched = new Map<string, number>();
  private readonly gradings: TaskQueue;

  constructor(
    private readonly store: Store,
    private readonly driver: SandboxDriver,
    private readonly catalog: LabCatalog,
    private readonly config: Config,
  ) {
    this.queue = new TaskQueue(config.maxConcurrentStarts);
    this.gradings = new TaskQueue(config.maxConcurrentGradings);
  }

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

  /** What each of a lab's checks verifies, by check id: the lab page lists them under their steps. */
  async checkTitles(labId: string): Promise<Record<string, string>> {
    const checks = await loadChecks(this.lab(labId).checksFile);
    return Object.fromEntries(Object.entries(checks).map(([id, check]) => [id, check.title]));
  }

  /**
   * Starts a lab for a user: a warm-pool environment when one is ready, else a
   * new one, queued behind other starts. Returns at once; `describe` follows
   * the start. A user's live session of the same lab is returned as it is.
   */
  async start(
    userId: string,
    labId: string,
  ): Promise<{ session: LabSessionView; created: boolean }> {
    const lab = this.lab(labId);
    const live = this.store.listLiveLabSessions(userId);
    const existing = live.find((s) => s.labId === labId);
    if (existing) return { session: this.view(existing), created: false };
    if (live.length >= this.config.maxSessionsPerUser) {
      throw new PlatformError('quota-exceeded', `You already have ${live.length} labs running.`, {
        action: 'Stop one of your running labs, then start this one again.',
      });
    }
    const expiresAt = new Date(Date.now() + sessionLimits(lab, this.config).ttlMs).toISOString();
    const claimed = this.store.claimPooledSession(labId, userId, expiresAt);
    if (claimed) {
      this.refillPool(labId);
      return { session: this.view(claimed), created: true };
    }
    await this.driver.ping();
    const record = this.store.insertLabSession(userId, labId, expiresAt);
    this.enqueue(record, lab, 'learner');
    return { session: this.view(record), created: true };
  }

  /** Resolves once a session's start has finished (ready or failed); for tests and scripts. */
  async whenStarted(sessionId: string): Promise<LabSessionRecord> {
    await this.starts.get(sessionId);
    return this.store.getLabSession(sessionId)!;
  }

  list(userId: string): LabSessionView[] {
    return this.store.listLiveLabSessions(userId).map((s) => this.view(s));
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
    if (record.state !== 'ready') return this.view(record);
    this.touch(sessionId);
    return { ...this.view(record), services: await this.driver.status(sessionId) };
  }

  /** Stops a session and removes its environment; stopping it again is not an error. */
  async stop(userId: string, sessionId: string): Promise<void> {
    this.get(userId, sessionId);
    await this.end(sessionId, null);
  }

  /** Ends a session for any reason (stop, expiry, idleness, a restart) and removes its environment. */
  async end(sessionId: string, reason: string | null): Promise<void> {
    const record = this.store.getLabSession(sessionId);
    if (!record) return;
    this.queue.remove(sessionId);
    const live =
      record.state === 'queued' || record.state === 'starting' || record.state === 'ready';
    if (live) this.store.setLabSessionState(sessionId, 'ended', reason);
    this.touched.delete(sessionId);
    // A start in flight removes what it created as soon as it sees the session ended (see run()).
    if (record.state === 'starting' && this.starts.has(sessionId)) return;
    await this.driver.destroyEnvironment(sessionId);
  }

  async grade(userId: string, sessionId: string): Promise<GradeResult> {
    const record = this.ready(userId, sessionId);
    this.touch(sessionId, true);
    const lab = this.lab(record.labId);
    // Grading probes, faults and waits cost the host: at most a few at once, the rest queue.
    const hinted = await this.gradings.run(sessionId, () =>
      gradeSession(lab, this.driver, sessionId, {
        started: (session, service, kind) => this.store.recordFault(session, service, kind),
        restored: (id) => this.store.markFaultRestored(id),
      }),
    );
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

  /** The user's earlier attempts at a lab, newest first. */
  attempts(userId: string, labId: string): AttemptRecord[] {
    this.lab(labId);
    return this.store.listAttempts(userId, labId);
  }

  /** A shell in the workspace; each tab is its own tmux session, kept across reconnects. */
  async openTerminal(
    userId: string,
    sessionId: string,
    size: { cols: number; rows: number },
    tab = 'main',
  ): Promise<ShellProcess> {
    this.ready(userId, sessionId);
    this.touch(sessionId, true);
    return this.driver.openShell(sessionId, ['tmux', 'new-session', '-A', '-s', tab], size);
  }

  hasService(sessionId: string, service: string): boolean {
    const labId = this.store.getLabSession(sessionId)?.labId;
    const lab = labId === undefined ? undefined : this.catalog.labs.get(labId);
    return Boolean(lab && Object.hasOwn(lab.manifest.services, service));
  }

  /** A service's output as a read-only terminal: what the learner types there goes nowhere. */
  async openLogs(userId: string, sessionId: string, service: string): Promise<ShellProcess> {
    this.ready(userId, sessionId);
    const output = await this.driver.followLogs(sessionId, service, LOG_TAIL_LINES);
    const stream = outputOnly(output);
    return {
      stream,
      resize: async () => undefined,
      close: async () => {
        stream.destroy();
        output.destroy();
      },
    };
  }

  /** Notes learner activity (throttled) so the idle timeout counts from the last of it. */
  touch(sessionId: string, force = false): void {
    const last = this.touched.get(sessionId) ?? 0;
    if (!force && Date.now() - last < TOUCH_EVERY_MS) return;
    this.touched.set(sessionId, Date.now());
    this.store.touchLabSession(sessionId);
  }

  /** Queues starts until the lab's warm pool holds its configured number of environments. */
  refillPool(labId: string): void {
    const want = this.config.warmPool.get(labId) ?? 0;
    const lab = this.catalog.labs.get(labId);
    if (!lab || want === 0) return;
    const have = this.store
      .listLiveLabSessions()
      .filter((s) => s.labId === labId && s.userId === null).length;
    for (let i = have; i < want; i++) {
      this.enqueue(this.store.insertLabSession(null, labId, null), lab, 'pool');
    }
  }

  /**
   * One pass of housekeeping: ends sessions past their expiry or idle for too
   * long, removes environments no live session owns, and refills warm pools.
   * With `startup`, starts that a previous process left unfinished are ended too.
   */
  async sweep({ startup = false } = {}): Promise<{ ended: number; removed: number }> {
    if (startup) {
      // Faults a crashed process left in place (it died mid-check) are undone first.
      await restoreJournaledFaults(this.driver, this.store.listUnrestoredFaults(), {
        restored: (id) => this.store.markFaultRestored(id),
      });
    }
    const onEngine = new Set(await this.driver.listEnvironments());
    let ended = 0;
    const now = Date.now();
    for (const session of this.store.listLiveLabSessions()) {
      const reason = this.endReason(session, onEngine, now, startup);
      if (reason) {
        await this.end(session.id, reason);
        ended++;
      }
    }
    const owned = new Set(this.store.listLiveLabSessions().map((s) => s.id));
    const orphans = [...onEngine].filter((id) => !owned.has(id));
    await Promise.all(orphans.map((id) => this.driver.destroyEnvironment(id)));
    for (const labId of this.config.warmPool.keys()) this.refillPool(labId);
    return { ended, removed: orphans.length };
  }

  private endReason(
    session: LabSessionRecord,
    onEngine: Set<string>,
    now: number,
    startup: boolean,
  ): string | undefined {
    const unfinished = session.state === 'queued' || session.state === 'starting';
    if (unfinished) return startup ? 'the platform restarted while it was starting' : undefined;
    if (!onEngine.has(session.id)) return 'its environment was removed';
    if (session.userId === null) return undefined;
    if (session.expiresAt && Date.parse(session.expiresAt) <= now)
      return 'it reached its time limit';
    const lab = this.catalog.labs.get(session.labId);
    const idleMs = lab ? sessionLimits(lab, this.config).idleMs : this.config.limits.idleMs;
    if (Date.parse(session.lastActiveAt) + idleMs <= now) return 'it was idle for too long';
    return undefined;
  }

  private enqueue(record: LabSessionRecord, lab: Lab, priority: Priority): void {
    const started = this.queue
      .run(record.id, () => this.run(record, lab), priority)
      // run() records its own failures; a start taken out of the queue has nothing to record.
      .catch(() => undefined)
      .finally(() => {
        this.progress.delete(record.id);
        this.starts.delete(record.id);
      });
    this.starts.set(record.id, started);
  }

  private async run(record: LabSessionRecord, lab: Lab): Promise<void> {
    if (this.store.getLabSession(record.id)?.state !== 'queued') return;
    this.store.setLabSessionState(record.id, 'starting');
    const spec = environmentSpec(lab, record.id, record.userId ?? 'pool', this.config);
    try {
      await this.driver.createEnvironment(spec, (services) =>
        this.progress.set(record.id, services),
      );
    } catch (error) {
      // The driver has removed what it created; a session stopped meanwhile stays ended.
      if (this.store.getLabSession(record.id)?.state === 'starting') {
        this.store.setLabSessionState(record.id, 'failed', (error as Error).message);
      }
      return;
    }
    // Stopped while it was starting: what was just created goes too.
    if (this.store.getLabSession(record.id)?.state !== 'starting') {
      await this.driver.destroyEnvironment(record.id);
      return;
    }
    this.store.setLabSessionState(record.id, 'ready');
  }

  private ready(userId: string, sessionId: string): LabSessionRecord {
    const record = this.get(userId, sessionId);
    if (record.state !== 'ready') {
      const starting = record.state === 'queued' || record.state === 'starting';
      throw new PlatformError('session-not-ready', `This lab session is ${record.state}.`, {
        action: starting ? 'Wait until the lab is ready.' : 'Start the lab again from its page.',
      });
    }
    return record;
  }

  private view(record: LabSessionRecord): LabSessionView {
    const position = record.state === 'queued' ? this.queue.position(record.id) : undefined;
    const services = this.progress.get(record.id);
    return {
      id: record.id,
      lab: record.labId,
      state: record.state,
      createdAt: record.createdAt,
      ...(record.expiresAt ? { expiresAt: record.expiresAt } : {}),
      ...(position === undefined ? {} : { position }),
      ...(record.error ? { error: record.error } : {}),
      ...(services ? { services } : {}),
    };
  }
}
