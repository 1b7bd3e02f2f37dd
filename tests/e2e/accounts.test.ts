import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from '../support/axe';
import { launchBrowser, type TestBrowser } from '../support/browser';
import { startTestServer, type TestServer } from '../support/test-server';

const PASSWORD = 'a long enough passphrase';

describe('accounts in Chromium, without JavaScript', () => {
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

  it('signs up, shows the account in the header, signs out and back in, all with plain forms', async () => {
    const context = await browser.context.browser()?.newContext({ javaScriptEnabled: false });
    const page = await (context ?? browser.context).newPage();
    await page.goto(`${server.url}/`);
    await page.getByRole('link', { name: 'Sign in' }).click();
    await page.getByRole('link', { name: 'Create one' }).click();
    await page.getByLabel('Email', { exact: true }).fill('chromium@example.org');
    await page.getByLabel('Password', { exact: true }).fill('short');
    // The browser itself holds a too-short password back (minlength): nothing is sent.
    await page.getByRole('button', { name: 'Create account' }).click();
    expect(new URL(page.url()).pathname).toBe('/signup');

    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL(`${server.url}/`);
    expect(await page.getByTestId('account-email').innerText()).toBe('chromium@example.org');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${server.url}/`);
    expect(await page.getByTestId('account-email').count()).toBe(0);

    await page.getByRole('link', { name: 'Sign in' }).click();
    await page.getByLabel('Email', { exact: true }).fill('chromium@example.org');
    await page.getByLabel('Password', { exact: true }).fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    expect(await page.getByRole('alert').innerText()).toContain('do not match');
    // The form comes back with the email as typed: only the password is typed again.
    expect(await page.getByLabel('Email', { exact: true }).inputValue()).toBe(
      'chromium@example.org',
    );

    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${server.url}/`);
    expect(await page.getByTestId('account-email').innerText()).toBe('chromium@example.org');
    await context?.close();
  });

  it('finds no serious or critical accessibility violation on the account pages (light and dark)', async () => {
    const page = await browser.context.newPage();
    const found: string[] = [];
    const check = async (label: string) => {
      for (const v of await seriousViolations(page))
        found.push(`${label}: ${v.impact} ${v.id} (${v.help}) at ${v.targets.join(', ')}`);
    };
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      for (const route of [
        '/signin',
        '/signup',
        '/reset?token=example',
        '/signin?error=wrong-credentials',
      ]) {
        expect((await page.goto(`${server.url}${route}`))?.status(), route).toBe(200);
        await check(`${route} (${scheme})`);
      }
    }
    // Signed in: the account page with its sign-out and password forms, and the header.
    await page.goto(`${server.url}/signup`);
    await page.getByLabel('Email', { exact: true }).fill('axe@example.org');
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL(`${server.url}/`);
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      for (const route of ['/signin', '/signin?changed=1', '/']) {
        await page.goto(`${server.url}${route}`);
        await check(`${route} signed in (${scheme})`);
      }
    }
    await page.close();
    expect(found).toEqual([]);
  });
});
