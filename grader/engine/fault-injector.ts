import {
  FAULT_INVERSE,
  type FaultKind,
  type SandboxDriver,
} from '../../src/sandbox/sandbox-driver';
import type { GradeResult } from './grade-result';

/** Where faults are written before they happen, so a platform that dies mid-check can undo them. */
export interface FaultJournal {
  started(sessionId: string, service: string, kind: FaultKind): string;
  restored(id: string): void;
}

type TimelineEntry = GradeResult['faults'][number];

/** The faults of one grading run: applied on request, undone in reverse when a check ends. */
export class FaultInjector {
  readonly timeline: TimelineEntry[] = [];
  private pending: Array<{ id: string; service: string; kind: FaultKind; entry: TimelineEntry }> =
    [];

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
        (p) => p.service === service && FAULT_INVERSE[p.kind] === kind,
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

  /** Undoes every fault still in place, newest first; a fault that cannot be undone is reported, the rest still are. */
  async restoreAll(): Promise<void> {
    const failures: string[] = [];
    for (const fault of this.pending.reverse()) {
      const inverse = FAULT_INVERSE[fault.kind];
      try {
        if (inverse) await this.driver.fault(this.sessionId, fault.service, inverse);
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
    const inverse = FAULT_INVERSE[fault.kind as FaultKind];
    // A session whose environment is gone has nothing left to mend.
    if (inverse) await driver.fault(fault.sessionId, fault.service, inverse).catch(() => undefined);
    journal.restored(fault.id);
    restored++;
  }
  return restored;
}
