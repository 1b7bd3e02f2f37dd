import { setTimeout as sleep } from 'node:timers/promises';
import type { LabSessionService } from '../labs/lab-session-service';
import { PlatformError } from '../platform-error';
import type { ContainerUsage, SandboxDriver } from '../sandbox/sandbox-driver';
import type { LabSessionRecord, Store } from '../store/store';
import { learnerName } from './learner-summaries';

export interface LiveSessionView {
  id: string;
  lab: string;
  state: LabSessionRecord['state'];
  owner: string;
  ownerId: string;
  startedAt: string;
  ageMs: number;
  lastActiveAt: string;
  /** Summed over the session's containers; undefined until it is ready, or when the engine did not say. */
  usage?: SessionUsage;
}

export interface SessionUsage {
  /** 100 is one whole CPU core. */
  cpuPercent: number;
  memoryBytes: number;
  memoryLimitBytes: number;
  containers: ContainerUsage[];
}

/** How long the instructor view waits for the engine's numbers before showing the sessions without them. */
const USAGE_TIMEOUT_MS = 5_000;

/** Learners' lab sessions that hold or are getting an environment (warm-pool spares left out), newest first. */
export async function liveSessions(
  store: Store,
  driver: SandboxDriver,
  now = Date.now(),
): Promise<LiveSessionView[]> {
  const owned = store.listLiveLabSessions().filter((s) => s.userId !== null);
  return Promise.all(
    owned.map(async (s): Promise<LiveSessionView> => {
      const owner = store.getUser(s.userId!);
      const usage = s.state === 'ready' ? await sessionUsage(driver, s.id) : undefined;
      return {
        id: s.id,
        lab: s.labId,
        state: s.state,
        owner: owner ? learnerName(owner) : 'unknown',
        ownerId: s.userId!,
        startedAt: s.createdAt,
        ageMs: Math.max(0, now - Date.parse(s.createdAt)),
        lastActiveAt: s.lastActiveAt,
        ...(usage ? { usage } : {}),
      };
    }),
  );
}

async function sessionUsage(
  driver: SandboxDriver,
  sessionId: string,
): Promise<SessionUsage | undefined> {
  const giveUp = new AbortController();
  const containers = await Promise.race([
    driver.stats(sessionId),
    sleep(USAGE_TIMEOUT_MS, undefined, { signal: giveUp.signal }).catch(() => undefined),
  ])
    .catch(() => undefined)
    .finally(() => giveUp.abort());
  if (!containers) return undefined;
  const sum = (pick: (c: ContainerUsage) => number) =>
    containers.reduce((total, c) => total + pick(c), 0);
  return {
    cpuPercent: sum((c) => c.cpuPercent),
    memoryBytes: sum((c) => c.memoryBytes),
    memoryLimitBytes: sum((c) => c.memoryLimitBytes),
    containers,
  };
}

/**
 * Ends a learner's live session on an instructor's word, removing its
 * environment. A session that is not live (never was, or already ended) is
 * not found: there is nothing to stop.
 */
export async function stopLearnerSession(
  store: Store,
  sessions: LabSessionService,
  sessionId: string,
): Promise<void> {
  const record = store.getLabSession(sessionId);
  const live =
    record !== undefined &&
    record.userId !== null &&
    ['queued', 'starting', 'ready'].includes(record.state);
  if (!live) {
    throw new PlatformError('session-not-found', 'There is no running lab session with that id.', {
      action: 'Reload the instructor page to see the sessions running now.',
    });
  }
  await sessions.end(sessionId, 'stopped by an instructor');
}
