import type http from 'node:http';

/**
 * The client's address as far as it can be trusted. Without a proxy it is the
 * socket's peer. Behind one (SHIPSHAPE_PUBLIC_ORIGIN set), it is the last
 * X-Forwarded-For entry: the one our proxy appended; earlier entries came
 * from the client and prove nothing.
 */
export function trustedClientAddress(req: http.IncomingMessage, behindProxy: boolean): string {
  const peer = req.socket.remoteAddress ?? 'unknown';
  if (!behindProxy) return peer;
  const header = req.headers['x-forwarded-for'];
  const entries = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  return entries.at(-1) ?? peer;
}
