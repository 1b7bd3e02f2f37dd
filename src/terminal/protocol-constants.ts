/**
 * The terminal WebSocket protocol, shared by server and browser (no
 * dependencies, so the browser bundle stays small).
 *
 * - binary frames: terminal bytes, both ways;
 * - text frames from the browser: JSON control messages
 *     {"type":"resize","cols":120,"rows":40}
 *     {"type":"ack","bytes":65536}    output the terminal has finished drawing
 *     {"type":"ping","t":123.4}       answered with {"type":"pong","t":123.4}
 * - anything else closes the socket with POLICY_VIOLATION.
 */
export const MAX_MESSAGE_BYTES = 64 * 1024;

/** Terminal sizes beyond these are clamped: nobody has such a screen, and tmux would allocate for it. */
export const MAX_COLS = 500;
export const MAX_ROWS = 200;

/** The browser acknowledges drawn output in steps of this many bytes. */
export const ACK_EVERY_BYTES = 32 * 1024;

/** Tab names become tmux session names. */
export const TAB_PATTERN = /^[a-z0-9-]{1,16}$/;
export const DEFAULT_TAB = 'main';

/** WebSocket close codes (RFC 6455) and what they mean here. */
export const CLOSE = {
  normal: 1000,
  goingAway: 1001,
  policyViolation: 1008,
  tooBig: 1009,
  serverError: 1011,
} as const;
