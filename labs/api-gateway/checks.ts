import { createHmac, randomBytes, randomInt } from 'node:crypto';
import {
  CheckFailure,
  defineChecks,
  type CheckContext,
  type HttpClient,
  type HttpResponse,
} from '../../grader/sdk';

// The gateway's settings, as lab.yaml gives them to it.
const JWT_SECRET = 'shop-lab-hs256-secret-7d41c0a9';
const JWT_ISSUER = 'https://auth.shop.example';
const JWT_AUDIENCE = 'shop-api';
const RATE_LIMIT_REQUESTS = 20;
const RATE_LIMIT_WINDOW_SECONDS = 30;
const UPSTREAM_TIMEOUT_SECONDS = 1;

/** How fast the gateway must answer for a dead or hung service: its timeout plus a generous margin. */
const FAIL_FAST_MS = UPSTREAM_TIMEOUT_SECONDS * 1000 + 1500;
/** How long the grader waits for that answer before calling it a hang. */
const HANG_MS = 3000;

const ALL_SCOPES = 'users:read orders:read orders:write';

// Every id, path, subject and request id is new on each attempt, so no canned answer can pass.
const hex = (bytes = 4): string => randomBytes(bytes).toString('hex');
const b64url = (text: string): string => Buffer.from(text).toString('base64url');

interface Caller {
  sub: string;
  headers: Record<string, string>;
}

/** A token as the shop's auth service would issue it; `claims` overrides or adds claims. */
function mint(
  claims: Record<string, unknown>,
  { secret = JWT_SECRET, alg = 'HS256' }: { secret?: string; alg?: string } = {},
): string {
  const now = Math.floor(Date.now() / 1000);
  const payload = {
    sub: `user-${hex()}`,
    iss: JWT_ISSUER,
    aud: JWT_AUDIENCE,
    iat: now,
    exp: now + 300,
    ...claims,
  };
  const input = `${b64url(JSON.stringify({ alg, typ: 'JWT' }))}.${b64url(JSON.stringify(payload))}`;
  if (alg === 'none') return `${input}.`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

/** A new caller (random subject) holding a valid token with these scopes. */
function caller(scope: string): Caller {
  const sub = `user-${hex()}`;
  return { sub, headers: { authorization: `Bearer ${mint({ sub, scope })}` } };
}

const bearer = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` });

function header(res: HttpResponse, name: string): string | undefined {
  const value = res.headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(', ') : value;
}

function field(json: unknown, key: string): unknown {
  return json !== null && typeof json === 'object'
    ? (json as Record<string, unknown>)[key]
    : undefined;
}

interface Seen {
  method: string;
  path: string;
  query: string;
  headers: [string, string][];
}

/** What reached a service: users and orders record every request (GET /_seen). */
async function seen(ctx: CheckContext, service: 'users' | 'orders'): Promise<Seen[]> {
  const res = await ctx.http(service, 8000).get('/_seen');
  const requests = field(res.json, 'requests');
  if (res.status !== 200 || !Array.isArray(requests)) {
    throw new CheckFailure(
      `${service} did not list the requests it received (GET /_seen → ${res.status})`,
    );
  }
  return requests as Seen[];
}

const valuesOf = (request: Seen, name: string): string[] =>
  request.headers.filter(([k]) => k.toLowerCase() === name).map(([, v]) => v);

/** The one request for `path` that reached the service, or a failure saying what arrived. */
async function reached(
  ctx: CheckContext,
  service: 'users' | 'orders',
  path: string,
): Promise<Seen> {
  const all = await seen(ctx, service);
  const hits = all.filter((r) => r.path === path);
  if (hits.length === 0) {
    const last = all.slice(-3).map((r) => `${r.method} ${r.path}`);
    throw new CheckFailure(
      `${service} never received ${path}; its last requests: ${last.length ? last.join(', ') : 'none'}`,
    );
  }
  return hits[hits.length - 1]!;
}

/** Fails if any of these paths reached the service: the gateway should have stopped them. */
async function notReached(
  ctx: CheckContext,
  service: 'users' | 'orders',
  paths: Record<string, string>,
): Promise<void> {
  const all = await seen(ctx, service);
  for (const [what, path] of Object.entries(paths)) {
    if (all.some((r) => r.path === path)) {
      throw new CheckFailure(`${what} reached ${service} (${path}): the gateway must stop it`);
    }
  }
}

/** A hung or dead service must give a quick 502, 503 or 504, not a hang or a 500. */
function expectGatewayError(res: HttpResponse, what: string): void {
  if (![502, 503, 504].includes(res.status)) {
    throw new CheckFailure(`${what} status: expected 502, 503 or 504, got ${res.status}`);
  }
  if (res.latencyMs >= FAIL_FAST_MS) {
    throw new CheckFailure(
      `${what} took ${res.latencyMs} ms: expected less than ${FAIL_FAST_MS} ms`,
    );
  }
}

const gateway = (ctx: CheckContext): HttpClient => ctx.http('gateway', 8000);

/** Requests sent at once in the rate-limit checks: enough to be quick, few enough to stay gentle. */
const BATCH = 7;

/**
 * Requests from one caller, BATCH at a time, until the gateway answers 429 (at most
 * twice the limit, plus two). Every other answer must be 200.
 */
async function exhaust(
  ctx: CheckContext,
  who: Caller,
): Promise<{ passed: number; limited?: { res: HttpResponse; path: string } }> {
  const gw = gateway(ctx);
  const tries = 2 * RATE_LIMIT_REQUESTS + 2;
  const run = hex(3);
  let passed = 0;
  for (let first = 1; first <= tries; first += BATCH) {
    const paths = Array.from(
      { length: Math.min(BATCH, tries - first + 1) },
      (_, i) => `/api/users/u-${run}-${first + i}`,
    );
    const answers = await Promise.all(paths.map((path) => gw.get(path, { headers: who.headers })));
    let limited: { res: HttpResponse; path: string } | undefined;
    answers.forEach((res, i) => {
      if (res.status === 429) {
        limited ??= { res, path: paths[i]! };
        return;
      }
      ctx.expect(res.status, `GET ${paths[i]} from caller ${who.sub}`).toBe(200);
      passed++;
    });
    if (limited) {
      ctx.note(`caller ${who.sub}: ${passed} requests passed, then 429`);
      return { passed, limited };
    }
  }
  ctx.note(`caller ${who.sub}: ${tries} requests, none refused`);
  return { passed };
}

export default defineChecks({
  'routes-users': {
    title: 'GET /api/users/<id>?<query> reaches users as /v1/users/<id> with the query',
    points: 1,
    async run(ctx) {
      const id = `u-${hex()}`;
      const query = `expand=${hex(3)}`;
      const res = await gateway(ctx).get(`/api/users/${id}?${query}`, {
        headers: caller(ALL_SCOPES).headers,
      });
      ctx.expect(res.status, `GET /api/users/${id} status`).toBe(200);
      ctx.expect(field(res.json, 'id'), `GET /api/users/${id} body "id"`).toBe(id);
      const got = await reached(ctx, 'users', `/v1/users/${id}`);
      ctx.expect(got.query, `query string users received for /v1/users/${id}`).toBe(query);
    },
  },

  'routes-orders': {
    title: 'GET /api/orders/<id> and POST /api/orders reach orders under /v1/orders',
    points: 1,
    async run(ctx) {
      const gw = gateway(ctx);
      const { headers } = caller(ALL_SCOPES);
      const id = `o-${hex()}`;
      const res = await gw.get(`/api/orders/${id}`, { headers });
      ctx.expect(res.status, `GET /api/orders/${id} status`).toBe(200);
      ctx.expect(field(res.json, 'id'), `GET /api/orders/${id} body "id"`).toBe(id);
      await reached(ctx, 'orders', `/v1/orders/${id}`);

      const sku = `SKU-${hex(3).toUpperCase()}`;
      const quantity = randomInt(1, 10);
      const placed = await gw.post('/api/orders', { items: [{ sku, quantity }] }, { headers });
      ctx.expect(placed.status, 'POST /api/orders status').toBe(201);
      const items = field(placed.json, 'items');
      ctx
        .expect(items, 'POST /api/orders body "items" (what orders received)')
        .toEqual([{ sku, quantity }]);
    },
  },

  'unknown-route-404': {
    title: 'paths outside /api/users and /api/orders get 404',
    points: 1,
    async run(ctx) {
      const gw = gateway(ctx);
      const { headers } = caller(ALL_SCOPES);
      for (const path of [`/api/${hex()}/1`, `/api/users${hex(2)}/1`, `/${hex()}`]) {
        const res = await gw.get(path, { headers });
        ctx.expect(res.status, `GET ${path} status`).toBe(404);
      }
    },
  },

  'auth-required': {
    title: 'no token, or a malformed one: 401 before any service is called; a valid one: 200',
    points: 1,
    async run(ctx) {
      const gw = gateway(ctx);
      const [none, garbage, basic] = [hex(), hex(), hex()].map((id) => `u-${id}`);
      let res = await gw.get(`/api/users/${none}`);
      ctx.expect(res.status, `GET /api/users/${none} without Authorization: status`).toBe(401);
      res = await gw.get(`/api/users/${garbage}`, {
        headers: { authorization: 'Bearer not-a-token' },
      });
      ctx
        .expect(res.status, `GET /api/users/${garbage} with "Bearer not-a-token": status`)
        .toBe(401);
      res = await gw.get(`/api/users/${basic}`, {
        headers: { authorization: `Basic ${Buffer.from('alice:secret').toString('base64')}` },
      });
      ctx.expect(res.status, `GET /api/users/${basic} with Basic credentials: status`).toBe(401);
      const paths = {
        'the request without Authorization': `/v1/users/${none}`,
        'the request with "Bearer not-a-token"': `/v1/users/${garbage}`,
        'the request with Basic credentials': `/v1/users/${basic}`,
      };
      await notReached(ctx, 'users', paths);

      const id = `u-${hex()}`;
      res = await gw.get(`/api/users/${id}`, { headers: caller('users:read').headers });
      ctx
        .expect(res.status, `GET /api/users/${id} with a valid users:read token: status`)
        .toBe(200);
    },
  },

  'auth-signature': {
    title: 'forged tokens get 401: wrong secret, alg "none", payload changed after signing',
    points: 2,
    async run(ctx) {
      const gw = gateway(ctx);
      const sub = `user-${hex()}`;
      const genuine = mint({ sub, scope: 'users:read' });
      const [head, , signature] = genuine.split('.');
      const forged = {
        'a token signed with another secret': mint(
          { sub, scope: 'users:read' },
          { secret: `not-the-secret-${hex()}` },
        ),
        'a token with alg "none" and no signature': mint(
          { sub, scope: 'users:read' },
          { alg: 'none' },
        ),
        'a token whose payload was changed after signing': `${head}.${b64url(
          JSON.stringify({
            sub: 'admin',
            scope: 'users:read',
            iss: JWT_ISSUER,
            aud: JWT_AUDIENCE,
            exp: Math.floor(Date.now() / 1000) + 300,
          }),
        )}.${signature}`,
      };
      const paths: Record<string, string> = {};
      for (const [what, token] of Object.entries(forged)) {
        const id = `u-${hex()}`;
        paths[what] = `/v1/users/${id}`;
        const res = await gw.get(`/api/users/${id}`, { headers: bearer(token) });
        ctx.expect(res.status, `GET /api/users/${id} with ${what}: status`).toBe(401);
      }
      await notReached(ctx, 'users', paths);
    },
  },

  'auth-claims': {
    title: 'correctly signed tokens get 401 when expired or meant for another issuer or audience',
    points: 1,
    async run(ctx) {
      const gw = gateway(ctx);
      const now = Math.floor(Date.now() / 1000);
      const tokens = {
        'an expired token': mint({ scope: 'users:read', iat: now - 600, exp: now - 120 }),
        'a token for another audience': mint({ scope: 'users:read', aud: 'billing-api' }),
        'a token from another issuer': mint({
          scope: 'users:read',
          iss: `https://${hex()}.example`,
        }),
      };
      const paths: Record<string, string> = {};
      for (const [what, token] of Object.entries(tokens)) {
        const id = `u-${hex()}`;
        paths[what] = `/v1/users/${id}`;
        const res = await gw.get(`/api/users/${id}`, { headers: bearer(token) });
        ctx.expect(res.status, `GET /api/users/${id} with ${what}: status`).toBe(401);
      }
      await notReached(ctx, 'users', paths);
    },
  },

  'auth-scopes': {
    title:
      'a valid token without the scope the route needs gets 403; with it, the call goes through',
    points: 2,
    async run(ctx) {
      const gw = gateway(ctx);
      const reader = caller('users:read');
      const orderReader = caller('orders:read');
      const writer = caller('orders:write');
      const order = { items: [{ sku: `SKU-${hex(3).toUpperCase()}`, quantity: 1 }] };

      const userId = `u-${hex()}`;
      let res = await gw.get(`/api/users/${userId}`, { headers: reader.headers });
      ctx.expect(res.status, `GET /api/users/${userId} with scope "users:read": status`).toBe(200);

      const orderId = `o-${hex()}`;
      res = await gw.get(`/api/orders/${orderId}`, { headers: reader.headers });
      ctx
        .expect(res.status, `GET /api/orders/${orderId} with scope "users:read": status`)
        .toBe(403);
      // The query string tells the POSTs apart in what orders received.
      const refused = { read: hex(), users: hex() };
      res = await gw.post(`/api/orders?ref=${refused.users}`, order, { headers: reader.headers });
      ctx.expect(res.status, 'POST /api/orders with scope "users:read": status').toBe(403);
      res = await gw.post(`/api/orders?ref=${refused.read}`, order, {
        headers: orderReader.headers,
      });
      ctx.expect(res.status, 'POST /api/orders with scope "orders:read": status').toBe(403);

      const all = await seen(ctx, 'orders');
      const leaked = all.filter(
        (r) =>
          r.path === `/v1/orders/${orderId}` ||
          r.query === `ref=${refused.users}` ||
          r.query === `ref=${refused.read}`,
      );
      ctx.expect(leaked.length, 'requests refused with 403 that reached orders anyway').toBe(0);

      res = await gw.post('/api/orders', order, { headers: writer.headers });
      ctx.expect(res.status, 'POST /api/orders with scope "orders:write": status').toBe(201);
    },
  },

  'identity-header': {
    title: "services get X-Client-Id set from the token's sub, never the caller's own",
    points: 1,
    async run(ctx) {
      const who = caller('users:read');
      const id = `u-${hex()}`;
      const res = await gateway(ctx).get(`/api/users/${id}`, {
        headers: { ...who.headers, 'x-client-id': 'admin' },
      });
      ctx.expect(res.status, `GET /api/users/${id} status`).toBe(200);
      const got = await reached(ctx, 'users', `/v1/users/${id}`);
      ctx
        .expect(
          valuesOf(got, 'x-client-id'),
          `X-Client-Id headers users received (the caller sent "admin", the token's sub is ${who.sub})`,
        )
        .toEqual([who.sub]);
    },
  },

  'request-id-created': {
    title: 'a request without X-Request-ID gets a new id, sent to the service and returned',
    points: 1,
    async run(ctx) {
      const gw = gateway(ctx);
      const { headers } = caller('users:read');
      const ids: string[] = [];
      for (let i = 0; i < 2; i++) {
        const userId = `u-${hex()}`;
        const res = await gw.get(`/api/users/${userId}`, { headers });
        ctx.expect(res.status, `GET /api/users/${userId} status`).toBe(200);
        const id = header(res, 'x-request-id');
        if (!id?.trim()) {
          throw new CheckFailure(
            `the answer to GET /api/users/${userId} has no X-Request-ID header`,
          );
        }
        const got = await reached(ctx, 'users', `/v1/users/${userId}`);
        ctx
          .expect(
            valuesOf(got, 'x-request-id'),
            `X-Request-ID users received for /v1/users/${userId}`,
          )
          .toEqual([id]);
        ids.push(id);
      }
      if (ids[0] === ids[1]) {
        throw new CheckFailure(
          `two requests got the same X-Request-ID (${ids[0]}): make a new one each time`,
        );
      }
    },
  },

  'request-id-kept': {
    title: "the caller's X-Request-ID is forwarded unchanged and returned, on errors too",
    points: 1,
    async run(ctx) {
      const gw = gateway(ctx);
      const requestId = `req-${hex(8)}`;
      const orderId = `o-${hex()}`;
      let res = await gw.get(`/api/orders/${orderId}`, {
        headers: { ...caller('orders:read').headers, 'x-request-id': requestId },
      });
      ctx.expect(res.status, `GET /api/orders/${orderId} status`).toBe(200);
      ctx.expect(header(res, 'x-request-id'), 'X-Request-ID header of the answer').toBe(requestId);
      const got = await reached(ctx, 'orders', `/v1/orders/${orderId}`);
      ctx
        .expect(
          valuesOf(got, 'x-request-id'),
          `X-Request-ID orders received (the caller sent ${requestId})`,
        )
        .toEqual([requestId]);

      const refusedId = `req-${hex(8)}`;
      res = await gw.get(`/api/orders/o-${hex()}`, { headers: { 'x-request-id': refusedId } });
      ctx.expect(res.status, 'GET /api/orders/… without a token: status').toBe(401);
      ctx
        .expect(header(res, 'x-request-id'), 'X-Request-ID header of the 401 answer')
        .toBe(refusedId);
    },
  },

  'hung-upstream-times-out': {
    title: `with orders hung, /api/orders answers 502, 503 or 504 within ${FAIL_FAST_MS} ms; /api/users still works`,
    points: 2,
    timeoutMs: 20_000,
    async run(ctx) {
      const gw = gateway(ctx);
      const { headers } = caller('users:read orders:read');
      await ctx.faults.pause('orders'); // running, accepting connections, never answering
      const orderId = `o-${hex()}`;
      const pending = gw.get(`/api/orders/${orderId}`, { headers, timeoutMs: HANG_MS });
      pending.catch(() => undefined); // judged below, after the users call
      const userId = `u-${hex()}`;
      const users = await gw.get(`/api/users/${userId}`, { headers });
      ctx.expect(users.status, `GET /api/users/${userId} while orders hangs: status`).toBe(200);
      const res = await pending;
      expectGatewayError(res, `GET /api/orders/${orderId}`);
    },
  },

  'down-upstream-fails-fast': {
    title: `with orders stopped, /api/orders answers 502, 503 or 504 within ${FAIL_FAST_MS} ms; /api/users still works`,
    points: 2,
    timeoutMs: 30_000,
    async run(ctx) {
      const gw = gateway(ctx);
      const { headers } = caller('users:read orders:read');
      await ctx.faults.stop('orders'); // restarted by the grader when the check ends
      const orderId = `o-${hex()}`;
      const res = await gw.get(`/api/orders/${orderId}`, { headers, timeoutMs: HANG_MS });
      expectGatewayError(res, `GET /api/orders/${orderId}`);
      const userId = `u-${hex()}`;
      const users = await gw.get(`/api/users/${userId}`, { headers });
      ctx.expect(users.status, `GET /api/users/${userId} while orders is down: status`).toBe(200);
    },
  },

  'rate-limit-429': {
    title: `a caller past ${RATE_LIMIT_REQUESTS} requests gets 429 with Retry-After, and the service is not called`,
    points: 2,
    async run(ctx) {
      const who = caller('users:read');
      const { limited } = await exhaust(ctx, who);
      if (!limited) {
        throw new CheckFailure(
          `${2 * RATE_LIMIT_REQUESTS + 2} requests in a row from one caller all passed; expected 429 after about ${RATE_LIMIT_REQUESTS} (RATE_LIMIT_REQUESTS)`,
        );
      }
      const retryAfter = header(limited.res, 'retry-after');
      ctx.expect(retryAfter, 'Retry-After header of the 429 (whole seconds)').toMatch(/^\d+$/);
      const seconds = Number(retryAfter);
      ctx.expect(seconds, 'Retry-After seconds').toBeGreaterThanOrEqual(1);
      ctx.expect(seconds, 'Retry-After seconds').toBeLessThan(RATE_LIMIT_WINDOW_SECONDS + 2);
      await notReached(ctx, 'users', {
        'the request refused with 429': limited.path.replace('/api/', '/v1/'),
      });
    },
  },

  'rate-limit-per-caller': {
    title: `while one caller is limited, another still gets its ${RATE_LIMIT_REQUESTS} requests`,
    points: 1,
    async run(ctx) {
      const gw = gateway(ctx);
      const greedy = caller('users:read');
      const { limited } = await exhaust(ctx, greedy);
      if (!limited) {
        throw new CheckFailure(
          `caller ${greedy.sub} was never refused in ${2 * RATE_LIMIT_REQUESTS + 2} requests (see the 429 check)`,
        );
      }
      const other = caller('users:read');
      for (let first = 1; first <= RATE_LIMIT_REQUESTS; first += BATCH) {
        const count = Math.min(BATCH, RATE_LIMIT_REQUESTS - first + 1);
        const paths = Array.from({ length: count }, () => `/api/users/u-${hex()}`);
        const answers = await Promise.all(
          paths.map((path) => gw.get(path, { headers: other.headers })),
        );
        answers.forEach((res, i) =>
          ctx
            .expect(
              res.status,
              `request ${first + i} of ${RATE_LIMIT_REQUESTS} from a second caller ${other.sub}, while ${greedy.sub} is limited`,
            )
            .toBe(200),
        );
      }
    },
  },
});
