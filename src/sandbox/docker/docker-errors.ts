import { PlatformError } from '../../platform-error';

const ENGINE_ACTION =
  'Start a Docker engine: run `bash docker/engine/ensure-docker-engine.sh` as root, or set DOCKER_HOST to a reachable engine.';

interface DockerodeError {
  statusCode?: number;
  code?: string;
  json?: { message?: string };
  message?: string;
}

/** Maps a dockerode failure onto the platform's error kinds, keeping the cause. */
export function toPlatformError(error: unknown, doing: string): PlatformError {
  if (PlatformError.is(error)) return error;
  const e = (error ?? {}) as DockerodeError;
  const detail = e.json?.message ?? e.message ?? String(error);
  if (e.code && ['ENOENT', 'ECONNREFUSED', 'EACCES', 'ECONNRESET', 'EPIPE'].includes(e.code)) {
    return new PlatformError(
      'engine-unreachable',
      `The Docker engine is unreachable (${e.code}).`,
      {
        action: ENGINE_ACTION,
        cause: error,
      },
    );
  }
  if (e.statusCode === 404) {
    return new PlatformError('environment-gone', `While ${doing}: ${detail}`, {
      action: 'The lab environment no longer exists: start the lab again.',
      cause: error,
    });
  }
  return new PlatformError('engine-error', `While ${doing}: ${detail}`, {
    action: 'Try again; if it keeps failing, an administrator should read the platform log.',
    cause: error,
  });
}

export function isNotFound(error: unknown): boolean {
  return (error as DockerodeError | undefined)?.statusCode === 404;
}
