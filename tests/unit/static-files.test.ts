import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaticHandler } from '../../src/server/static-files';

/** What the platform answers when the static handler declines a request. */
const FALLTHROUGH = 'handled by Astro';
const SECRET = 'TOP SECRET';

let dir: string;
let server: http.Server;
let port: number;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shipshape-static-'));
  const site = path.join(dir, 'site');
  const files: Record<string, string> = {
    'site/index.html': '<h1>Home</h1>',
    'site/page/index.html': '<h1>Page</h1>',
    'site/_astro/app.3f9c.js': 'console.log(1);',
    'site/favicon.svg': '<svg/>',
    'site/long/index.html': `<p>${'a lesson paragraph '.repeat(400)}</p>`,
    secret: SECRET,
    'site-private/secret': SECRET,
  };
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  const serveStatic = createStaticHandler(site);
  server = http.createServer((req, res) => {
    if (!serveStatic(req, res)) res.writeHead(404).end(FALLTHROUGH);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Sends `rawPath` exactly as written (fetch would normalise the dots away). */
function request(rawPath: string, method = 'GET', headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>(
    (resolve, reject) => {
      const req = http.request(
        { host: '127.0.0.1', port, path: rawPath, method, headers },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            const raw = Buffer.concat(chunks);
            const body =
              res.headers['content-encoding'] === 'gzip'
                ? gunzipSync(raw).toString('utf8')
                : raw.toString('utf8');
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
          });
        },
      );
      req.on('error', reject);
      req.end();
    },
  );
}

describe('the static file handler', () => {
  it('sends text gzipped to a browser that accepts it, and as it is to one that does not', async () => {
    const plain = await request('/long');
    expect(plain.headers['content-encoding']).toBeUndefined();
    const zipped = await request('/long', 'GET', { 'accept-encoding': 'gzip, deflate, br' });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers.vary).toBe('accept-encoding');
    expect(zipped.body).toBe(plain.body);
    expect(Number(zipped.headers['content-length'])).toBeLessThan(plain.body.length / 10);
    // A file too small to gain from it goes as it is.
    const small = await request('/', 'GET', { 'accept-encoding': 'gzip' });
    expect(small.headers['content-encoding']).toBeUndefined();
    expect(small.body).toBe('<h1>Home</h1>');
  });

  it('serves the home page as HTML that browsers revalidate', async () => {
    const res = await request('/');
    expect(res).toMatchObject({ status: 200, body: '<h1>Home</h1>' });
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-cache');
  });

  it('serves a page folder at its clean URL', async () => {
    expect((await request('/page')).body).toBe('<h1>Page</h1>');
    expect((await request('/page/')).body).toBe('<h1>Page</h1>');
  });

  it('serves hashed build assets under /_astro/ as cacheable forever', async () => {
    const res = await request('/_astro/app.3f9c.js');
    expect(res.body).toBe('console.log(1);');
    expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('names the type of other assets', async () => {
    expect((await request('/favicon.svg')).headers['content-type']).toBe('image/svg+xml');
  });

  it('answers HEAD with the headers only', async () => {
    const res = await request('/', 'HEAD');
    expect(res).toMatchObject({ status: 200, body: '' });
    expect(res.headers['content-length']).toBe(String('<h1>Home</h1>'.length));
  });

  it('leaves missing files and POSTs to the next handler', async () => {
    expect((await request('/nothing-here')).body).toBe(FALLTHROUGH);
    expect((await request('/', 'POST')).body).toBe(FALLTHROUGH);
  });

  it.each([
    '/../secret',
    '/%2e%2e/secret',
    '/..%2fsecret',
    '/%2e%2e%2fsecret',
    '/..%2f..%2f..%2f..%2f..%2f..%2fetc%2fpasswd',
    '/..%2fsite-private%2fsecret',
    '/%00',
  ])('never serves a file outside its folder for %s', async (rawPath) => {
    const res = await request(rawPath);
    expect(res.body).not.toContain(SECRET);
    expect(res.body).toBe(FALLTHROUGH);
  });
});
