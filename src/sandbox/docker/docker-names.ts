import { BRIDGE_PREFIX } from '../labels';

/** Names of a session's objects on the engine: stable, so any process can find them. */
export const networkName = (sessionId: string): string => `shipshape-${sessionId}`;
export const volumeName = (sessionId: string): string => `shipshape-${sessionId}-code`;

/** A replica's name on the session network: the service's own for the first, then `-2`, `-3` … */
export const replicaName = (service: string, replica = 1): string =>
  replica === 1 ? service : `${service}-${replica}`;

export const containerName = (sessionId: string, role: string, replica = 1): string =>
  `shipshape-${sessionId}-${replicaName(role, replica)}`;

/**
 * The container a grader probe, a fault or a log view names: a service, or one
 * replica as `name-N`. Service names never end in `-<number>`, so `name-1` is
 * unambiguous: the first replica, whose container carries the plain name.
 */
export const targetContainerName = (sessionId: string, target: string): string =>
  containerName(sessionId, target.replace(/-1$/, ''));

/** Linux caps interface names at 15 characters. */
export const bridgeName = (sessionId: string): string =>
  `${BRIDGE_PREFIX}${sessionId.slice(0, 10)}`;
