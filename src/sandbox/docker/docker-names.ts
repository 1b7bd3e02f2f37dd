import { BRIDGE_PREFIX } from '../labels';

/** Names of a session's objects on the engine: stable, so any process can find them. */
export const networkName = (sessionId: string): string => `shipshape-${sessionId}`;
export const volumeName = (sessionId: string): string => `shipshape-${sessionId}-code`;

/** The first replica answers to the bare role name; later ones get `-2`, `-3` … */
export const containerName = (sessionId: string, role: string, replica = 1): string =>
  replica === 1 ? `shipshape-${sessionId}-${role}` : `shipshape-${sessionId}-${role}-${replica}`;

/** Linux caps interface names at 15 characters. */
export const bridgeName = (sessionId: string): string =>
  `${BRIDGE_PREFIX}${sessionId.slice(0, 10)}`;
