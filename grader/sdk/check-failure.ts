/** A check's verdict that the learner's system does not (yet) behave as required. */
export class CheckFailure extends Error {
  override readonly name = 'CheckFailure';
}

/**
 * The learner's service could not be reached or did not answer. `symptom`
 * keys the advice table (grader/engine/symptoms.ts).
 */
export class ProbeFailure extends CheckFailure {
  constructor(
    message: string,
    readonly symptom: 'refused' | 'timeout' | 'reset' | 'unreachable' | 'not-running' | 'other',
    readonly service: string,
    readonly port: number | undefined,
  ) {
    super(message);
  }
}
