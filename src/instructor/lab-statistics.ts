import type { GradeOutcomeRecord } from '../store/store';

export interface LabStatistics {
  labId: string;
  /** Gradable attempts: an attempt the grader itself could not finish says nothing of the code. */
  attempts: number;
  learnersTried: number;
  learnersPassed: number;
  /** learnersPassed / learnersTried; undefined while nobody has tried. */
  passRate: number | undefined;
  /** Median over learners who passed of the attempts they needed, the passing one included. */
  medianAttemptsToPass: number | undefined;
  /** Checks by how many attempts failed them, most first (ties by id), only those that failed. */
  failingChecks: Array<{ id: string; failures: number }>;
}

/** Per lab, from every stored grading: how many try, how many pass, after how many attempts, and where they stumble. */
export function labStatistics(
  labIds: readonly string[],
  outcomes: readonly GradeOutcomeRecord[],
): LabStatistics[] {
  return labIds.map((labId) => {
    const attempts = outcomes
      .filter((o) => o.labId === labId && o.gradable)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    const byLearner = new Map<string, GradeOutcomeRecord[]>();
    for (const a of attempts) byLearner.set(a.userId, [...(byLearner.get(a.userId) ?? []), a]);
    const toPass = [...byLearner.values()]
      .map((mine) => mine.findIndex((a) => a.passed) + 1)
      .filter((n) => n > 0);
    const failures = new Map<string, number>();
    for (const a of attempts)
      for (const id of new Set(a.failedChecks)) failures.set(id, (failures.get(id) ?? 0) + 1);
    return {
      labId,
      attempts: attempts.length,
      learnersTried: byLearner.size,
      learnersPassed: toPass.length,
      passRate: byLearner.size ? toPass.length / byLearner.size : undefined,
      medianAttemptsToPass: median(toPass),
      failingChecks: [...failures]
        .map(([id, count]) => ({ id, failures: count }))
        .sort((a, b) => b.failures - a.failures || a.id.localeCompare(b.id)),
    };
  });
}

/** The middle value, or the mean of the two middle ones; undefined for none. */
export function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
