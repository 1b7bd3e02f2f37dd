import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIGN_IN_LIMITS } from '../../src/auth/account-service';
import { apiClient, startTestServer, type TestServer } from '../support/test-server';

type Client = ReturnType<typeof apiClient>;
interface Me {
  user: { id: string; kind: 'guest' | 'account'; email?: string };
}

const PASSWORD = 'a long enough passphrase';
const FOREIGN = 'http://evil.example';

const me = async (client: Client) => (await client.request<Me>('GET', '/api/auth/me')).json.user;
const signUp = (client: Client, email: string) =>
  client.request<Me>('POST', '/api/auth/signup', { email, password: PASSWORD });
const signIn = (client: Client, email: string, password = PASSWORD) =>
  client.request<Me>('POST', '/api/auth/signin', { email, password });

/** What a browser holding only this cookie value is taken for. */
async function whoHas(server: TestServer, cookieValue: string): Promise<Me['user']> {
  const res = await fetch(`${server.url}/api/auth/me`, {
    headers: { cookie: `shipshape_id=${cookieValue}` },
  });
  return ((await res.json()) as Me).user;
}
const valueOf = (client: Client): string => client.cookie.replace(/^shipshape_id=/, '');

describe('account security', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());

  it('gives a new session id at sign-in: a session id planted before sign-in signs nobody in after', async () => {
    const attacker = apiClient(server.url);
    await signUp(attacker, 'attacker@example.org');
    const planted = valueOf(attacker);

    // The victim's browser carries the attacker's session cookie (set through a sibling
    // subdomain, say) and signs in to their own account.
    await signUp(apiClient(server.url), 'victim@example.org');
    const victim = apiClient(server.url);
    await victim.send('/api/auth/me', { headers: { cookie: `shipshape_id=${planted}` } });
    const res = await victim.send('/api/auth/signin', {
      method: 'POST',
      body: JSON.stringify({ email: 'victim@example.org', password: PASSWORD }),
      headers: { 'content-type': 'application/json', cookie: `shipshape_id=${planted}` },
    });
    expect(res.status).toBe(200);
    expect(valueOf(victim)).not.toBe(planted);
    expect(await me(victim)).toMatchObject({ email: 'victim@example.org' });
    const holder = await whoHas(server, planted);
    expect(holder.kind).toBe('guest');
    expect(holder.email).toBeUndefined();
  });

  it('never lets the guest cookie a visitor had before signing up stand for the account', async () => {
    const learner = apiClient(server.url);
    await me(learner);
    const guestCookie = valueOf(learner);
    const { json } = await signUp(learner, 'upgraded@example.org');
    const holder = await whoHas(server, guestCookie);
    expect(holder.kind).toBe('guest');
    expect(holder.id).not.toBe(json.user.id);
  });

  it('cannot be forged: a made-up session id or a re-signed user id is someone new', async () => {
    const learner = apiClient(server.url);
    const { json } = await signUp(learner, 'forged@example.org');
    const session = valueOf(learner);
    const forgeries = [
      `s:${'A'.repeat(43)}`,
      `s:${session.slice(2, -1)}${session.endsWith('A') ? 'B' : 'A'}`,
      `${json.user.id}.${session.slice(2)}`,
      `${json.user.id}.${'x'.repeat(43)}`,
      json.user.id,
    ];
    for (const forged of forgeries) {
      const holder = await whoHas(server, forged);
      expect(holder.id, forged).not.toBe(json.user.id);
      expect(holder.kind, forged).toBe('guest');
    }
    expect((await whoHas(server, session)).id).toBe(json.user.id);
  });

  it('keeps the session cookie HttpOnly and SameSite=Lax', async () => {
    const learner = apiClient(server.url);
    const res = await learner.send('/api/auth/signup', {
      method: 'POST',
      body: JSON.stringify({ email: 'cookie@example.org', password: PASSWORD }),
      headers: { 'content-type': 'application/json' },
    });
    const setCookie = res.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/^shipshape_id=s:/);
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Lax');
    expect(setCookie).not.toContain('Secure');
  });

  it('refuses every account request from a foreign origin, and changes nothing', async () => {
    const learner = apiClient(server.url);
    await signUp(learner, 'csrf@example.org');
    const forged = (route: string, body: unknown) =>
      learner.send(route, {
        method: 'POST',
        body: JSON.stringify(body),
        headers: { origin: FOREIGN, 'content-type': 'application/json' },
      });
    const attempts = {
      '/api/auth/password': { current: PASSWORD, password: 'chosen by the attacker' },
      '/api/auth/signout': { everywhere: true },
      '/api/auth/signin': { email: 'csrf@example.org', password: PASSWORD },
      '/api/auth/signup': { email: 'other@example.org', password: PASSWORD },
      '/api/auth/reset': { token: 'x', password: 'chosen by the attacker' },
    };
    for (const [route, body] of Object.entries(attempts))
      expect((await forged(route, body)).status, route).toBe(403);

    expect(await me(learner)).toMatchObject({ kind: 'account', email: 'csrf@example.org' });
    expect((await signIn(apiClient(server.url), 'csrf@example.org')).status).toBe(200);
    expect((await signIn(apiClient(server.url), 'other@example.org')).status).toBe(401);
  });

  it(`answers a brute force with 429 and Retry-After after ${SIGN_IN_LIMITS.perEmail} failures, even for the right password`, async () => {
    await signUp(apiClient(server.url), 'target@example.org');
    const attacker = apiClient(server.url);
    for (let i = 0; i < SIGN_IN_LIMITS.perEmail; i++)
      expect((await signIn(attacker, 'target@example.org', `guess number ${i}`)).status).toBe(401);

    const blocked = await attacker.send('/api/auth/signin', {
      method: 'POST',
      body: JSON.stringify({ email: 'target@example.org', password: PASSWORD }),
      headers: { 'content-type': 'application/json' },
    });
    expect(blocked.status).toBe(429);
    const retryAfter = Number(blocked.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(SIGN_IN_LIMITS.windowMs / 1000);
    expect(await blocked.json()).toMatchObject({
      error: { kind: 'too-many-attempts', action: expect.stringContaining('Wait') },
    });
    // Another account is not locked by it.
    await signUp(apiClient(server.url), 'bystander@example.org');
    expect((await signIn(apiClient(server.url), 'bystander@example.org')).status).toBe(200);
  });

  it('limits failures per client address too, whatever X-Forwarded-For claims', async () => {
    const sprayer = apiClient(server.url);
    let lastStatus = 0;
    for (let i = 0; i <= SIGN_IN_LIMITS.perAddress; i++) {
      const res = await sprayer.send('/api/auth/signin', {
        method: 'POST',
        body: JSON.stringify({ email: `spray${i}@example.org`, password: 'password spraying' }),
        headers: { 'content-type': 'application/json', 'x-forwarded-for': `203.0.113.${i}` },
      });
      lastStatus = res.status;
    }
    expect(lastStatus).toBe(429);
  });
});

describe('account cookies behind an HTTPS origin', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ SHIPSHAPE_PUBLIC_ORIGIN: 'https://course.example.org' });
  });
  afterAll(() => server.stop());

  it('are marked Secure', async () => {
    const res = await fetch(`${server.url}/api/auth/signup`, {
      method: 'POST',
      body: JSON.stringify({ email: 'secure@example.org', password: PASSWORD }),
      headers: { 'content-type': 'application/json', origin: 'https://course.example.org' },
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('set-cookie')).toMatch(/^shipshape_id=s:.*; Secure/);
  });
});
