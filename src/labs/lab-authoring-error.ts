/**
 * A mistake in a lab's files, found when the lab is loaded or validated. It
 * names the file and the field, and says what to write instead.
 */
export class LabAuthoringError extends Error {
  override readonly name = 'LabAuthoringError';

  constructor(
    readonly file: string,
    readonly field: string,
    readonly problem: string,
    readonly hint: string,
  ) {
    super(`${file}${field ? ` → ${field}` : ''}: ${problem}\n  hint: ${hint}`);
  }
}
