import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server';

describe('an address the site does not have', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());

  it('answers 404 with a page that leads back to the course, for pages and stray files alike', async () => {
    for (const path of ['/lessons/no-such-lesson', '/favicon.ico', '/no/such/page']) {
      const res = await fetch(`${server.url}${path}`);
      expect(res.status, path).toBe(404);
      const html = await res.text();
      expect(html, path).toContain('Page not found');
      expect(html, path).toContain('href="/"');
    }
    expect(server.output()).not.toMatch(/\[ERROR\]/);
  });
});
