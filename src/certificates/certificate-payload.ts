/** What a certificate says, exactly as it is signed (as canonical JSON). */
export interface CertificatePayload {
  /** The verification id: random, URL-safe, also the address /verify/<id>. */
  id: string;
  /** The learner's name as they asked it to be printed. */
  name: string;
  /** The course title. */
  course: string;
  /** Day of issue, YYYY-MM-DD (UTC). */
  date: string;
  /** Every lab the learner passed, in catalogue order. */
  labs: Array<{ id: string; title: string }>;
  /** The certificate rules it was issued under (see certificate-rules.ts). */
  rulesVersion: string;
}

/** Reads a stored payload back; undefined when it is not JSON of the right shape. */
export function parsePayload(json: string): CertificatePayload | undefined {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return undefined;
  }
  const p = value as Partial<CertificatePayload> | null;
  const isString = (v: unknown): v is string => typeof v === 'string';
  const ok =
    p !== null &&
    typeof p === 'object' &&
    isString(p.id) &&
    isString(p.name) &&
    isString(p.course) &&
    isString(p.date) &&
    isString(p.rulesVersion) &&
    Array.isArray(p.labs) &&
    p.labs.every((l: unknown) => {
      const lab = l as { id?: unknown; title?: unknown } | null;
      return lab !== null && typeof lab === 'object' && isString(lab.id) && isString(lab.title);
    });
  return ok ? (p as CertificatePayload) : undefined;
}

/** "29 November 2026": the date as a person reads it on the certificate. */
export function longDate(isoDay: string): string {
  return new Date(`${isoDay}T00:00:00Z`).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
}
