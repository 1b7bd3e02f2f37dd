import fs from 'node:fs/promises';
import path from 'node:path';
import type { APIRoute } from 'astro';
import { handle } from '../../server/api-response';

/**
 * The API's description (docs/openapi.yaml), read at request time so that the
 * document served is always the one in the checkout. The server runs from the
 * project root, as `loadCourse` relies on too: once Astro bundles this route
 * into dist/server, a path taken from the module's own URL would point there.
 */
export const GET: APIRoute = () =>
  handle(async () => {
    const document = await fs.readFile(path.join(process.cwd(), 'docs', 'openapi.yaml'), 'utf8');
    return new Response(document, {
      headers: {
        'content-type': 'application/yaml; charset=utf-8',
        'cache-control': 'no-cache',
      },
    });
  });
