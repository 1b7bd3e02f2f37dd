/**
 * Labels on every container, network and volume a lab session owns. They are
 * how a restarted platform finds what it created, and how tests and the
 * reaper remove exactly their own objects and nothing else.
 */
export const LABELS = {
  /** Which platform instance created the object (config SHIPSHAPE_PLATFORM_ID). */
  platform: 'dev.shipshape.platform',
  /** The lab session id. */
  session: 'dev.shipshape.session',
  /** The lab id (folder name under labs/). */
  lab: 'dev.shipshape.lab',
  /** The user id owning the session. */
  owner: 'dev.shipshape.owner',
  /** `workspace` or the service name. */
  role: 'dev.shipshape.role',
} as const;

/** Lab bridges get this interface-name prefix so one host firewall rule covers them all. */
export const BRIDGE_PREFIX = 'ssbr-';
