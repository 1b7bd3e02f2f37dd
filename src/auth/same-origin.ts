/**
 * The origin a request must come from to change anything: the configured
 * public origin behind a proxy, else the origin the Host header names (what
 * the browser connected to).
 */
export function expectedOrigin(
  hostHeader: string | null | undefined,
  publicOrigin: string | undefined,
): string {
  return publicOrigin ?? `http://${hostHeader ?? ''}`;
}

/** True when an `Origin` header is absent (same-origin GETs, non-browser clients) or ours. */
export function isSameOrigin(
  originHeader: string | null | undefined,
  hostHeader: string | null | undefined,
  publicOrigin: string | undefined,
): boolean {
  return originHeader == null || originHeader === expectedOrigin(hostHeader, publicOrigin);
}
