import http from 'node:http';
import {
  FAULT_INVERSE,
  type FaultKind,
  type SandboxDriver,
} from '../../src/sandbox/sandbox-driver';
import type { GradeResult } from './grade-result';

/** The fault-proxy image's control port (docker/images/fault-proxy). */
export const FAULT_PROXY_CONTROL_PORT = 9000;
export type LinkFault = 'latency' | 'errors';

/** Where faults are written before they happen, so a platform that dies mid-check can undo them. */
export interface FaultJournal {
  started(sessionId: string, service: string, kind: FaultKind | LinkFault): string;
  restored(id: string): void;
}

type TimelineEntry = GradeResult['faults'][number];

/** The faults of one grading run: applied on request, undone in reverse when a check ends. */
export class FaultInjector {
  readonly timeline: TimelineEntry[] = [];
  private pending: Array<{
    id: string;
    service: string;
    kind: FaultKind | LinkFault;
    entry: TimelineEntry;
  }> = [];

  constructor(
    private readonly driver: SandboxDriver,
    private readonly sessionId: string,
    private readonly journal: FaultJournal,
    private readonly startedAt: number,
  ) {}

  /**
   * Applies a fault, or a mend: a mend (start, unpause, connect) closes the
   * service's latest open fault it undoes, so the engine does not undo it twice.
   */
  async apply(service: string, kind: FaultKind): Promise<void> {
    if (FAULT_INVERSE[kind] === undefined) {
      const index = this.pending.findLastIndex(
        (p) =>
          p.service === service &&
          p.kind in FAULT_INVERSE &&
          FAULT_INVERSE[p.kind as FaultKind] === kind,
      );
      await this.driver.fault(this.sessionId, service, kind);
      if (index === -1) {
        const at = this.elapsed();
        this.timeline.push({ service, kind, at_ms: at, restored_at_ms: at });
        return;
      }
      const [mended] = this.pending.splice(index, 1);
      mended!.entry.restored_at_ms = this.elapsed();
      this.journal.restored(mended!.id);
      return;
    }
    const id = this.journal.started(this.sessionId, service, kind);
    const entry: TimelineEntry = { service, kind, at_ms: this.elapsed() };
    this.timeline.push(entry);
    this.pending.push({ id, service, kind, entry });
    await this.driver.fault(this.sessionId, service, kind);
  }

  /** Sets latency or resets on a link that runs through a fault proxy; undone by resetting the proxy. */
  async applyToLink(link: string, kind: LinkFault, value: number): Promise<void> {
    const id = this.journal.started(this.sessionId, link, kind);
    const entry: TimelineEntry = { service: link, kind: `${kind} ${value}`, at_ms: this.elapsed() };
    this.timeline.push(entry);
    this.pending.push({ id, service: link, kind, entry });
    const query = kind === 'latency' ? `ms=${Math.round(value)}` : `rate=${value}`;
    await controlProxy(this.driver, this.sessionId, link, `/${kind}?${query}`);
  }

  /** Undoes every fault still in place, newest first; a fault that cannot be undone is reported, the rest still are. */
  async restoreAll(): Promise<void> {
    const failures: string[] = [];
    for (const fault of this.pending.reverse()) {
      try {
        await undo(this.driver, this.sessionId, fault.service, fault.kind);
        fault.entry.restored_at_ms = this.elapsed();
        this.journal.restored(fault.id);
      } catch (error) {
        failures.push(`${fault.kind} ${fault.service}: ${(error as Error).message}`);
      }
    }
    this.pending = [];
    if (failures.length) throw new Error(`could not undo faults: ${failures.join('; ')}`);
  }

  private elapsed(): number {
    return Math.round(performance.now() - this.startedAt);
  }
}

/** Undoes faults a previous platform process left in place (it died mid-check). */
export async function restoreJournaledFaults(
  driver: SandboxDriver,
  pending: Array<{ id: string; sessionId: string; service: string; kind: string }>,
  journal: Pick<FaultJournal, 'restored'>,
): Promise<number> {
  let restored = 0;
  for (const fault of [...pending].reverse()) {
    // A session whose environment is gone has nothing left to mend.
    await undo(driver, fault.sessionId, fault.service, fault.kind as FaultKind | LinkFault).catch(
      () => undefined,
    );
    journal.restored(fault.id);
    restored++;
  }
  return restored;
}

async function undo(
  driver: SandboxDriver,
  sessionId: string,
  service: string,
  kind: FaultKind | LinkFault,
): Promise<void> {
  if (kind === 'latency' || kind === 'errors')
    return controlProxy(driver, sessionId, service, '/reset');
  const inverse = FAULT_INVERSE[kind];
  if (inverse) await driver.fault(sessionId, service, inverse);
}

/** One request to a fault proxy's control API on the session network. */
async function controlProxy(
  driver: SandboxDriver,
  sessionId: string,
  link: string,
  path: string,
): Promise<void> {
  const host = await driver.serviceAddress(sessionId, link);
  await new Promise<void>((resolve, reject) => {
    const req = http.request(
      { host, port: FAULT_PROXY_CONTROL_PORT, method: 'POST', path, timeout: 5_000 },
      (res) => {
        res.resume();
        res.on('end', () =>
          res.statusCode === 200
            ? resolve()
            : reject(new Error(`fault proxy ${link} answered ${res.statusCode} to ${path}`)),
        );
      },
    );
    req.on('timeout', () => req.destroy(new Error(`fault proxy ${link} did not answer ${path}`)));
    req.on('error', (error) =>
      reject(new Error(`fault proxy ${link}: ${error.message} (is it a fault-proxy service?)`)),
    );
    req.end();
  });
}
