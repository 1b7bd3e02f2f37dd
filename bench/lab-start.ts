/**
 * Lab start and grading, measured the way a learner meets them:
 * - "Start lab" click → the shell prompt visible in the terminal (Chromium);
 * - POST /api/lab-sessions → 201 (environment created and its ports listening);
 * - POST …/grade on the starter (two checks, real HTTP probes).
 * Run: npx tsx bench/lab-start.ts [runs]   (needs the engine, images and a built site)
 */
import { launchBrowser } from '../tests/support/browser';
import { labPage } from '../tests/support/lab-page';
import { apiClient, startTestServer } from '../tests/support/test-server';

const runs = Number(process.argv[2] ?? 7);

const stats = (label: string, ms: number[]): void => {
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  console.log(
    `${label.padEnd(34)} median ${at(0.5).toFixed(0).padStart(5)} ms   p90 ${at(0.9).toFixed(0).padStart(5)} ms   min ${sorted[0]!.toFixed(0)}   max ${sorted.at(-1)!.toFixed(0)}   (n=${ms.length})`,
  );
};

const server = await startTestServer();
try {
  const toPrompt: number[] = [];
  for (let i = 0; i < runs; i++) {
    const browser = await launchBrowser();
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/labs/hello-service`);
    const started = performance.now();
    await labPage(page).start();
    toPrompt.push(performance.now() - started);
    await page.getByTestId('stop-lab').click();
    await page.getByTestId('start-lab').waitFor();
    await browser.close();
  }

  const apiStart: number[] = [];
  const grade: number[] = [];
  for (let i = 0; i < runs; i++) {
    const learner = apiClient(server.url);
    let t = performance.now();
    const { json } = await learner.request<{ session: { id: string } }>(
      'POST',
      '/api/lab-sessions',
      {
        lab: 'hello-service',
      },
    );
    apiStart.push(performance.now() - t);
    t = performance.now();
    await learner.request('POST', `/api/lab-sessions/${json.session.id}/grade`);
    grade.push(performance.now() - t);
    await learner.request('DELETE', `/api/lab-sessions/${json.session.id}`);
  }

  console.log(`\nhello-service lab (workspace + 1 service), ${runs} runs each:`);
  stats('Start lab click → usable prompt', toPrompt);
  stats('POST /api/lab-sessions → 201', apiStart);
  stats('grade the starter (2 checks)', grade);
} finally {
  await server.stop();
}
