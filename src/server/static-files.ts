import fs from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml',
};

/** Text worth compressing; images, fonts and Pagefind's own files are compressed already. */
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.svg', '.txt', '.xml']);
/** Below this, gzip's header and a round of work cost more than they save. */
const MIN_GZIP_BYTES = 1024;

/**
 * Serves Astro's build output (assets and prerendered pages) from dist/client:
 * @astrojs/node in middleware mode serves neither. Returns false when no file
 * matches, so the request goes on to the Astro handler.
 */
export function createStaticHandler(root: string) {
  const base = path.resolve(root);
  return (req: http.IncomingMessage, res: http.ServerResponse): boolean => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    } catch {
      return false;
    }
    const file = resolveFile(base, pathname);
    if (!file) return false;
    const immutable = pathname.startsWith('/_astro/');
    const stat = fs.statSync(file);
    const gzip =
      COMPRESSIBLE.has(path.extname(file)) &&
      stat.size >= MIN_GZIP_BYTES &&
      /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))
        ? compressed(file, stat)
        : undefined;
    res.writeHead(200, {
      'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      'content-length': gzip ? gzip.length : stat.size,
      ...(gzip ? { 'content-encoding': 'gzip' } : {}),
      vary: 'accept-encoding',
      'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      'x-content-type-options': 'nosniff',
    });
    if (req.method === 'HEAD') res.end();
    else if (gzip) res.end(gzip);
    else fs.createReadStream(file).pipe(res);
    return true;
  };
}

/** Each file is compressed once per version of it (the build rewrites files in place). */
const gzipCache = new Map<string, { version: string; body: Buffer }>();

function compressed(file: string, stat: fs.Stats): Buffer {
  const version = `${stat.mtimeMs}:${stat.size}`;
  const cached = gzipCache.get(file);
  if (cached?.version === version) return cached.body;
  const body = gzipSync(fs.readFileSync(file), { level: 9 });
  gzipCache.set(file, { version, body });
  return body;
}

function resolveFile(base: string, pathname: string): string | undefined {
  const target = path.resolve(base, `.${pathname}`);
  // Never outside the build folder, whatever the URL says.
  if (target !== base && !target.startsWith(base + path.sep)) return undefined;
  for (const candidate of [target, path.join(target, 'index.html'), `${target}.html`]) {
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  }
  return undefined;
}
