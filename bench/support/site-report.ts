import { formatKiB, formatMs, median, passOrMiss, table } from './figures';
import { CATEGORIES, GOALS, type Category, type LighthouseFigures } from './lighthouse-audit';
import type { PageWeight } from './page-weight';
import { byPageType, pageType } from './site-pages';

/** Page weights per page type: one row for a single page, median and max rows for a group. */
export function weightTable(pages: PageWeight[]): string {
  const byType = new Map<string, PageWeight[]>();
  for (const p of pages) byType.set(pageType(p.path), [...(byType.get(pageType(p.path)) ?? []), p]);
  const total = (p: PageWeight) => p.html.raw + p.css.raw + p.js.raw;
  const totalGzip = (p: PageWeight) => p.html.gzip + p.css.gzip + p.js.gzip;
  const pair = (a: number, b: number) => `${formatKiB(a)} / ${formatKiB(b)}`;
  const row = (label: string, n: number, pick: (f: (p: PageWeight) => number) => number) => [
    label,
    String(n),
    pair(
      pick((p) => p.html.raw),
      pick((p) => p.html.gzip),
    ),
    pair(
      pick((p) => p.inlineCss),
      pick((p) => p.inlineJs),
    ),
    pair(
      pick((p) => p.css.raw),
      pick((p) => p.css.gzip),
    ),
    pair(
      pick((p) => p.js.raw),
      pick((p) => p.js.gzip),
    ),
    pair(pick(total), pick(totalGzip)),
  ];
  const rows: string[][] = [];
  for (const [type, group] of [...byType].sort(([a], [b]) => byPageType(a, b))) {
    if (group.length === 1) {
      rows.push(row(`${type} ${group[0]!.path}`, 1, (f) => f(group[0]!)));
      continue;
    }
    const heaviest = group.reduce((a, b) => (total(b) > total(a) ? b : a));
    rows.push(row(`${type}: median`, group.length, (f) => median(group.map(f))));
    rows.push(
      row(`${type}: max (heaviest: ${heaviest.path})`, group.length, (f) =>
        Math.max(...group.map(f)),
      ),
    );
  }
  return table(
    ['page', 'pages', 'HTML', 'of it inline CSS / JS', 'CSS files', 'JS files', 'total'],
    rows,
  );
}

const medianScore = (runs: LighthouseFigures[], c: Category) =>
  median(runs.map((r) => r.scores[c]));

/** Whether every form factor's median score reaches every goal. */
export function meetsGoals(runs: LighthouseFigures[][]): boolean {
  return runs.every((perFactor) => CATEGORIES.every((c) => medianScore(perFactor, c) >= GOALS[c]));
}

/** Scores and metrics (median over runs) per form factor, with PASS/MISS against the goals. */
export function lighthouseTable(runs: LighthouseFigures[][]): string {
  const rows = runs.map((perFactor) => {
    const metric = (m: keyof LighthouseFigures['metrics']) =>
      median(perFactor.map((r) => r.metrics[m]));
    return [
      perFactor[0]!.formFactor,
      String(perFactor.length),
      ...CATEGORIES.map((c) => {
        const score = medianScore(perFactor, c);
        return `${score} ${passOrMiss(score >= GOALS[c])}`;
      }),
      formatMs(metric('fcpMs')),
      formatMs(metric('lcpMs')),
      formatMs(metric('tbtMs')),
      metric('cls').toFixed(3),
      formatMs(metric('speedIndexMs')),
    ];
  });
  return table(
    [
      'preset',
      'runs',
      `performance ≥${GOALS.performance}`,
      `accessibility =${GOALS.accessibility}`,
      `best practices ≥${GOALS['best-practices']}`,
      'FCP',
      'LCP',
      'TBT',
      'CLS',
      'Speed Index',
    ],
    rows,
  );
}

/**
 * Per form factor and category, the audits Lighthouse scored below 90, with
 * how many runs showed each and what it pointed at: the list to act on when a
 * score misses its goal, and early warnings when it does not.
 */
export function auditMisses(runs: LighthouseFigures[][]): string[] {
  const lines: string[] = [];
  for (const perFactor of runs) {
    for (const category of CATEGORIES) {
      const misses = new Map<
        string,
        { title: string; runs: number; values: Set<string>; details: Set<string> }
      >();
      for (const run of perFactor)
        for (const m of run.misses[category]) {
          const entry = misses.get(m.id) ?? {
            title: m.title,
            runs: 0,
            values: new Set<string>(),
            details: new Set<string>(),
          };
          entry.runs++;
          if (m.displayValue) entry.values.add(m.displayValue);
          m.details.forEach((d) => entry.details.add(d));
          misses.set(m.id, entry);
        }
      const missed = medianScore(perFactor, category) < GOALS[category];
      if (!missed && misses.size === 0) continue;
      lines.push(
        `${perFactor[0]!.formFactor} ${category} ${missed ? 'MISSES' : 'meets'} its goal; audits below 90:`,
      );
      if (misses.size === 0) lines.push('  (none alone: the score is the sum of small shortfalls)');
      for (const [id, m] of misses) {
        const values = m.values.size ? `; ${[...m.values].join(', ')}` : '';
        lines.push(`  ${id}: ${m.title} (${m.runs}/${perFactor.length} runs${values})`);
        for (const d of m.details) lines.push(`      ${d}`);
      }
    }
  }
  return lines;
}

/** URLs the audited page asked for outside `origin`; data: and blob: URLs reach no network. */
export function outsideRequests(origin: string, runs: LighthouseFigures[][]): string[] {
  const requests = runs.flat().flatMap((r) => r.requests);
  return [
    ...new Set(requests.filter((r) => /^[a-z]+:\/\//i.test(r) && !r.startsWith(`${origin}/`))),
  ];
}
