import type { ProbeFailure } from '../sdk/check-failure';

/** Low-level symptoms turned into what the learner should look at. */
export function adviceFor(failure: ProbeFailure, logTail: string | undefined): string {
  const where = `${failure.service}${failure.port ? `:${failure.port}` : ''}`;
  const crashed = logTail && /Traceback|Error|Exception/.test(logTail);
  switch (failure.symptom) {
    case 'refused':
      return `Connection refused by ${where}: is your service listening on 0.0.0.0:${failure.port ?? 'PORT'} (not 127.0.0.1)?`;
    case 'timeout':
      return crashed
        ? `${where} accepted the connection but never answered; its log shows an error (did the code fail to load after your last edit?).`
        : `${where} did not answer in time: is a request handler stuck or sleeping?`;
    case 'reset':
      return `${where} dropped the connection: did the process crash or restart while answering?`;
    case 'unreachable':
    case 'not-running':
      return `${where} is not running: look at its log, then save your code again to restart it.`;
    case 'other':
      return `Could not talk to ${where}.`;
  }
}

/** A 5xx answer whose log shows a traceback means the learner's handler raised. */
export function adviceForServerError(
  status: number,
  logTail: string | undefined,
): string | undefined {
  if (status < 500 || !logTail?.includes('Traceback')) return undefined;
  return 'Your service raised an exception while answering; the end of its log is below.';
}
