import lighthouse, { desktopConfig, type Result } from 'lighthouse';

export type FormFactor = 'mobile' | 'desktop';

export const CATEGORIES = ['performance', 'accessibility', 'best-practices'] as const;
export type Category = (typeof CATEGORIES)[number];

/** The goals the site is held to, as a score out of 100 that must be reached. */
export const GOALS: Record<Category, number> = {
  performance: 95,
  accessibility: 100,
  'best-practices': 95,
};

export interface AuditMiss {
  id: string;
  title: string;
  /** Out of 100. */
  score: number;
  displayValue: string | undefined;
  /** What the audit points at: elements (selector, text, why), console messages, URLs. */
  details: string[];
}

export interface LighthouseFigures {
  formFactor: FormFactor;
  lighthouseVersion: string;
  /** Out of 100, per category. */
  scores: Record<Category, number>;
  /** Per category, the audits scored below Lighthouse's own pass mark (90). */
  misses: Record<Category, AuditMiss[]>;
  metrics: {
    fcpMs: number;
    lcpMs: number;
    tbtMs: number;
    cls: number;
    speedIndexMs: number;
  };
  /** Every URL the page requested; a bench that reaches outside 127.0.0.1 is broken. */
  requests: string[];
  warnings: string[];
}

const PASS_MARK = 0.9;

/**
 * One Lighthouse navigation of `url` in the Chromium listening on `port`
 * (Lighthouse attaches to it; it launches nothing). Mobile is Lighthouse's
 * default (simulated slow 4G, a mid-range phone's CPU); desktop its preset.
 * Nothing leaves the machine: Lighthouse's Sentry reporting and its prompts
 * live in its CLI (cli/bin.js), not in the Node API used here, and what the
 * page requests is returned so the caller can check it stayed on loopback.
 */
export async function runLighthouse(
  url: string,
  port: number,
  formFactor: FormFactor,
): Promise<LighthouseFigures> {
  const result = await lighthouse(
    url,
    {
      port,
      logLevel: 'error',
      output: 'json',
      onlyCategories: [...CATEGORIES],
    },
    formFactor === 'desktop' ? desktopConfig : undefined,
  );
  if (!result) throw new Error(`Lighthouse returned no result for ${url}`);
  const lhr = result.lhr;
  if (lhr.runtimeError)
    throw new Error(`Lighthouse: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
  const numeric = (id: string) => lhr.audits[id]?.numericValue ?? Number.NaN;
  const scores = {} as Record<Category, number>;
  const misses = {} as Record<Category, AuditMiss[]>;
  for (const category of CATEGORIES) {
    const c = lhr.categories[category];
    if (!c || c.score === null) throw new Error(`Lighthouse did not score ${category}`);
    scores[category] = Math.round(c.score * 100);
    misses[category] = c.auditRefs.flatMap((ref) => failing(lhr.audits[ref.id]));
  }
  return {
    formFactor,
    lighthouseVersion: lhr.lighthouseVersion,
    scores,
    misses,
    metrics: {
      fcpMs: numeric('first-contentful-paint'),
      lcpMs: numeric('largest-contentful-paint'),
      tbtMs: numeric('total-blocking-time'),
      cls: numeric('cumulative-layout-shift'),
      speedIndexMs: numeric('speed-index'),
    },
    requests: requestedUrls(lhr),
    warnings: lhr.runWarnings.map(String),
  };
}

function failing(audit: Result['audits'][string] | undefined): AuditMiss[] {
  if (!audit || audit.score === null) return [];
  // Informative, manual and not-applicable audits carry no verdict.
  if (!['binary', 'numeric', 'metricSavings'].includes(audit.scoreDisplayMode)) return [];
  if (audit.score >= PASS_MARK) return [];
  return [
    {
      id: audit.id,
      title: audit.title,
      score: Math.round(audit.score * 100),
      displayValue: audit.displayValue,
      details: detailLines(audit.details),
    },
  ];
}

const MAX_DETAILS = 6;

function detailLines(details: Result['audits'][string]['details']): string[] {
  if (!details || (details.type !== 'table' && details.type !== 'opportunity')) return [];
  return details.items.slice(0, MAX_DETAILS).map((item) => {
    const node = item['node'] as
      { type: 'node'; selector?: string; nodeLabel?: string; explanation?: string } | undefined;
    if (node?.type === 'node') {
      const why = node.explanation?.split('\n').slice(0, 2).join(' ').trim();
      return `${node.selector ?? '?'} "${node.nodeLabel ?? ''}"${why ? `: ${why}` : ''}`;
    }
    const text = item['description'] ?? item['url'] ?? item['source'];
    const location = item['sourceLocation'] as { url?: string } | undefined;
    return [String(text), location?.url].filter(Boolean).join(' at ');
  });
}

function requestedUrls(lhr: Result): string[] {
  const details = lhr.audits['network-requests']?.details;
  if (!details || details.type !== 'table') return [];
  return details.items.map((item) => String(item['url']));
}
