/**
 * Site benchmark: how long a clean build takes, what each kind of page weighs,
 * and what Lighthouse says of a lesson page.
 *
 *  (a) build: `shipshape site build` on a scratch copy of the working tree
 *      (bench/support/scratch-site.ts: the shared dist/ is never removed),
 *      with dist/ and Astro's caches removed before each run; wall time, median of n.
 *  (b) page weight per page type, through the real server (`shipshape serve` of
 *      that build): HTML, CSS and JS bytes, raw and gzip, as a browser with an
 *      empty cache loads them (each stylesheet and script once per page).
 *  (c) Lighthouse (performance, accessibility, best practices; mobile and
 *      desktop) of one lesson page, in the local Chromium, against the goals
 *      performance ≥ 95, accessibility 100, best practices ≥ 95.
 *
 * Run: npx tsx bench/site.ts [--builds N] [--lighthouse-runs N] [--page /lessons/<module>/<slug>]
 * Never part of `npm test`. Needs /usr/bin/chromium; no network: the page is
 * served from 127.0.0.1 and the bench fails if it asked for anything elsewhere.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { CleanUp } from './support/clean-up';
import { formatKiB, formatMs, loadAverage, median } from './support/figures';
import { launchHeadlessChromium } from './support/headless-chromium';
import { runLighthouse, type FormFactor, type LighthouseFigures } from './support/lighthouse-audit';
import { PageWeigher, type PageWeight } from './support/page-weight';
import { copySources } from './support/scratch-site';
import { pageType, sitePages } from './support/site-pages';
import {
  auditMisses,
  lighthouseTable,
  meetsGoals,
  outsideRequests,
  weightTable,
} from './support/site-report';
import { startSiteServer } from './support/site-server';

const { values: options } = parseArgs({
  options: {
    builds: { type: 'string', default: '3' },
    'lighthouse-runs': { type: 'string', default: '3' },
    page: { type: 'string' },
  },
});
const count = (name: string, value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer`);
  return n;
};
const BUILDS = count('builds', options.builds);
const LIGHTHOUSE_RUNS = count('lighthouse-runs', options['lighthouse-runs']);
const FORM_FACTORS: FormFactor[] = ['mobile', 'desktop'];

const log = (line: string): void => void process.stderr.write(`[site bench] ${line}\n`);
const cleanUp = new CleanUp();
const out: string[] = [];
let failed = false;

try {
  out.push(
    `Shipshape site bench — ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.version}, load average at start ${loadAverage()}`,
  );
  log('copying the working tree to a scratch folder');
  const site = copySources();
  cleanUp.add('remove the scratch copy', () => site.remove());

  // (a) clean builds
  const buildMs: number[] = [];
  for (let i = 0; i < BUILDS; i++) {
    log(`(a) clean build ${i + 1}/${BUILDS}`);
    buildMs.push((await site.cleanBuild()).ms);
  }
  out.push(
    '',
    `(a) clean build: \`shipshape site build\` on a scratch copy, dist/, .astro/ and node_modules/.astro removed first, n=${BUILDS}`,
    `    runs ${buildMs.map(formatMs).join(', ')} → median ${formatMs(median(buildMs))}`,
  );

  // (b) page weight, through the server
  const server = await startSiteServer(site.root);
  cleanUp.add('stop the server', () => server.stop());
  const weigher = new PageWeigher(server.url);
  const pagePaths = sitePages(site.root);
  log(`(b) weighing ${pagePaths.length} pages`);
  const weights: PageWeight[] = [];
  const skipped: string[] = [];
  for (const p of pagePaths) {
    const status = await weigher.status(p);
    if (status === 200) weights.push(await weigher.weigh(p));
    else skipped.push(`${p} (${status})`);
  }
  out.push(
    '',
    '(b) page weight as Chromium loads it with an empty cache: the HTML (inline <style>/<script> included), then each stylesheet',
    '    and script it references, and the modules those import, once per page. raw / gzip (zlib level 6; our server sends raw).',
    weightTable(weights),
  );
  for (const w of weights.filter((w) => w.lazyJs.raw > 0))
    out.push(
      `    ${w.path} also imports ${formatKiB(w.lazyJs.raw)} of JS lazily (not counted above)`,
    );
  if (skipped.length) out.push(`    not weighed (status): ${skipped.join(', ')}`);

  // (c) Lighthouse of a lesson: the first one the outline links, unless --page names another
  const lessonPath =
    options.page ??
    /href="(\/lessons\/[^"#?]+)"/.exec(await weigher.html('/'))?.[1] ??
    weights.find((w) => pageType(w.path) === 'lesson')?.path;
  if (!lessonPath) throw new Error('no lesson page to audit: pass --page /lessons/<module>/<slug>');
  const chromium = await launchHeadlessChromium();
  cleanUp.add('close Chromium', () => chromium.close());
  const runs: LighthouseFigures[][] = [];
  for (const factor of FORM_FACTORS) {
    const perFactor: LighthouseFigures[] = [];
    for (let i = 0; i < LIGHTHOUSE_RUNS; i++) {
      log(`(c) Lighthouse ${factor} ${i + 1}/${LIGHTHOUSE_RUNS}: ${lessonPath}`);
      perFactor.push(await runLighthouse(`${server.url}${lessonPath}`, chromium.port, factor));
    }
    runs.push(perFactor);
  }
  const outside = outsideRequests(server.url, runs);
  if (outside.length) failed = true;
  out.push(
    '',
    `(c) Lighthouse ${runs[0]![0]!.lighthouseVersion} of ${lessonPath}, ${chromium.version} headless; mobile = Lighthouse's default`,
    '    (simulated slow 4G, 4× CPU slowdown), desktop = its desktop preset; scores and metrics are medians over the runs:',
    lighthouseTable(runs),
    meetsGoals(runs) ? 'Every goal is met.' : 'Some goals are MISSED: see the audits below.',
    ...auditMisses(runs),
    outside.length
      ? `OUTSIDE REQUESTS (there must be none): ${outside.join(', ')}`
      : `network: every request of every run went to ${server.url}, nothing elsewhere.`,
    ...[...new Set(runs.flat().flatMap((r) => r.warnings))].map((w) => `Lighthouse warning: ${w}`),
    '',
    `load average at end ${loadAverage()} (${os.cpus().length} cores shared with other work: build times and performance move with it)`,
  );
  console.log(out.join('\n'));
} catch (error) {
  if (out.length) console.log(out.join('\n'));
  console.error(`site bench failed: ${(error as Error).stack ?? String(error)}`);
  failed = true;
} finally {
  await cleanUp.run();
}
process.exitCode = failed ? 1 : 0;
