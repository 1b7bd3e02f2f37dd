import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type TestBrowser } from '../support/browser';
import { labPage } from '../support/lab-page';
import { startTestServer, type TestServer } from '../support/test-server';

describe('the terminal in Chromium', () => {
  let server: TestServer;
  let browser: TestBrowser;

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser.close();
    await server.stop();
  });

  it('comes back to the same shell after a page reload, with its variables', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/labs/hello-service`);
    const lab = labPage(page);
    await lab.start();
    await lab.typeLine('export FOO=bar');
    await page.reload();
    await page
      .locator('[data-testid="terminal"][data-status="connected"]')
      .waitFor({ timeout: 30_000 });
    await lab.seeLine(/learner@lab:~\/lab\$/);
    await lab.typeLine('echo "FOO is $FOO"');
    await lab.seeLine(/^FOO is bar\s*$/);
    await page.close();
  });

  it('stays responsive through ten seconds of `yes`, and Ctrl-C brings the prompt back within half a second', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/labs/hello-service`);
    const lab = labPage(page);
    await lab.seeLine(/learner@lab:~\/lab\$/); // the running session resumes
    await lab.typeLine('clear; yes');
    await lab.seeLine(/^y\s*$/);
    const stalls: number[] = [];
    const until = Date.now() + 10_000;
    while (Date.now() < until) {
      const t = performance.now();
      await page.evaluate(() => document.title); // a round trip through the page's main thread
      stalls.push(performance.now() - t);
      await page.waitForTimeout(200);
    }
    expect(Math.max(...stalls)).toBeLessThan(500);

    const started = performance.now();
    await page.keyboard.press('Control+C');
    await page.waitForFunction(
      () => {
        const text = (
          document.querySelector('lab-console') as unknown as { screenText(): string }
        ).screenText();
        const lines = text.trimEnd().split('\n');
        return /learner@lab:~\/lab\$\s*$/.test(lines.at(-1) ?? '');
      },
      undefined,
      { timeout: 5_000, polling: 20 },
    );
    expect(performance.now() - started).toBeLessThan(500);
    await page.close();
  });

  it('keeps crafted escape sequences away from the clipboard, the title and script links', async () => {
    await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], {
      origin: server.url,
    });
    const page = await browser.context.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await page.goto(`${server.url}/labs/hello-service`);
    const lab = labPage(page);
    await lab.seeLine(/learner@lab:~\/lab\$/);
    await page.evaluate(() => navigator.clipboard.writeText('clipboard before'));
    const title = await page.title();
    const pagesBefore = browser.context.pages().length;

    // OSC 52 (set clipboard), OSC 0/2 (set title), OSC 8 (hyperlink) to javascript:, and a bare javascript: URL.
    const payload = [
      String.raw`\e]52;c;$(printf 'pwned' | base64)\a`,
      String.raw`\e]0;pwned title\a\e]2;pwned title\a`,
      String.raw`\e]8;;javascript:alert(document.cookie)\aCLICK-ME\e]8;;\a javascript:alert(1)`,
    ].join('');
    await lab.typeLine(`clear; printf "${payload}\\n"`);
    await lab.seeLine(/CLICK-ME/);

    // Click the text where the link would be.
    const box = await page.getByTestId('terminal').boundingBox();
    await page.mouse.click(box!.x + 30, box!.y + 12);
    await page.mouse.click(box!.x + 150, box!.y + 12);
    await page.waitForTimeout(300);

    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('clipboard before');
    expect(await page.title()).toBe(title);
    expect(dialogs).toEqual([]);
    expect(browser.context.pages().length).toBe(pagesBefore);
    expect(page.url()).toBe(`${server.url}/labs/hello-service`);
    expect(await page.locator('a[href^="javascript:"]').count()).toBe(0);
    await page.close();
  });
});
