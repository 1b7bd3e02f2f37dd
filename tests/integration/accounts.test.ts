import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/project-root';
import { lessonsWithQuizzes, rightAnswer } from '../support/lesson-quizzes';
import { apiClient, startTestServer, type TestServer } from '../support/test-server';

type Client = ReturnType<typeof apiClient>;
interface Me {
  user: { id: string; kind: 'guest' | 'account'; role: string; email?: string };
}

const PASSWORD = 'a long enough passphrase';
const lesson = lessonsWithQuizzes().find((l) => l.id === 'design-patterns/service-boundaries')!;

const me = async (client: Client) => (await client.request<Me>('GET', '/api/auth/me')).json.user;
const lessonItem = (html: string): string =>
  new RegExp(`<li[^>]*data-lesson="${lesson.id}"[\\s\\S]*?</li>`).exec(html)?.[0] ?? '';
const passQuiz = (client: Client) =>
  client.request('POST', `/api/quizzes/${lesson.id}`, { answers: lesson.quiz.map(rightAnswer) });
const signUp = (client: Client, email: string, password = PASSWORD) =>
  client.request<Me>('POST', '/api/auth/signup', { email, password });
const signIn = (client: Client, email: string, password = PASSWORD) =>
  client.request<Me>('POST', '/api/auth/signin', { email, password });

/** `shipshape user …` on the test server's own database, as an administrator runs it. */
function shipshapeUser(server: TestServer, args: string[], stdin?: string): string {
  const run = spawnSync(process.execPath, ['bin/shipshape.mjs', 'user', ...args], {
    cwd: projectRoot,
    env: { ...process.env, SHIPSHAPE_DATA_DIR: server.dataDir },
    input: stdin ?? '',
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`shipshape user ${args.join(' ')}:\n${run.stderr}`);
  return run.stdout;
}

/** A browser tab posting an HTML form: urlencoded, redirects returned, not followed. */
const postForm = (client: Client, route: string, fields: Record<string, string>) =>
  client.send(route, {
    method: 'POST',
    body: new URLSearchParams(fields).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });

describe('accounts', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());

  it("keep the guest's progress when the guest signs up, and show it on another device", async () => {
    const learner = apiClient(server.url);
    await passQuiz(learner);
    const guest = await me(learner);
    expect(guest).toMatchObject({ kind: 'guest', role: 'learner' });

    const signedUp = await signUp(learner, ' Keep@Example.org ');
    expect(signedUp.status).toBe(201);
    expect(signedUp.json.user).toEqual({
      id: guest.id,
      kind: 'account',
      role: 'learner',
      email: 'keep@example.org',
    });
    const home = await learner.page('/');
    expect(lessonItem(home)).toContain('(completed)');
    expect(home).toContain('keep@example.org');
    expect(home).toContain('Sign out');

    const laptop = apiClient(server.url);
    expect((await signIn(laptop, 'keep@example.org')).status).toBe(200);
    expect(lessonItem(await laptop.page('/'))).toContain('(completed)');
  });

  it("move a guest's progress into the account the guest signs into", async () => {
    await signUp(apiClient(server.url), 'merge@example.org');
    const visitor = apiClient(server.url);
    await passQuiz(visitor);
    await signIn(visitor, 'merge@example.org');
    const elsewhere = apiClient(server.url);
    await signIn(elsewhere, 'merge@example.org');
    expect(lessonItem(await elsewhere.page('/'))).toContain('(completed)');
  });

  it('sign out this browser only; sign out everywhere ends every device', async () => {
    const phone = apiClient(server.url);
    await signUp(phone, 'out@example.org');
    const laptop = apiClient(server.url);
    await signIn(laptop, 'out@example.org');
    const tablet = apiClient(server.url);
    await signIn(tablet, 'out@example.org');

    const out = await phone.request('POST', '/api/auth/signout');
    expect(out.status).toBe(200);
    expect(await me(phone)).toMatchObject({ kind: 'guest' });
    expect(await me(laptop)).toMatchObject({ kind: 'account', email: 'out@example.org' });

    const everywhere = await laptop.request('POST', '/api/auth/signout', { everywhere: true });
    expect(everywhere.json).toMatchObject({ signedOut: true, sessionsEnded: 2 });
    expect(await me(laptop)).toMatchObject({ kind: 'guest' });
    expect(await me(tablet)).toMatchObject({ kind: 'guest' });
  });

  it('change a password with the current one, keep this session and end the others', async () => {
    const here = apiClient(server.url);
    await signUp(here, 'change@example.org');
    const there = apiClient(server.url);
    await signIn(there, 'change@example.org');

    const wrong = await here.request('POST', '/api/auth/password', {
      current: 'not the password',
      password: 'a brand new passphrase',
    });
    expect(wrong.status).toBe(401);
    const changed = await here.request('POST', '/api/auth/password', {
      current: PASSWORD,
      password: 'a brand new passphrase',
    });
    expect(changed.status).toBe(200);
    expect(await me(here)).toMatchObject({ kind: 'account' });
    expect(await me(there)).toMatchObject({ kind: 'guest' });
    expect((await signIn(apiClient(server.url), 'change@example.org')).status).toBe(401);
    expect(
      (await signIn(apiClient(server.url), 'change@example.org', 'a brand new passphrase')).status,
    ).toBe(200);
  });

  it('reset a password with a one-time link an administrator prints', async () => {
    const learner = apiClient(server.url);
    await signUp(learner, 'forgot@example.org');
    const printed = shipshapeUser(server, ['reset-link', 'forgot@example.org']);
    const link = new URL(/http\S+\/reset\?token=\S+/.exec(printed)![0]);
    const token = link.searchParams.get('token')!;

    const visitor = apiClient(server.url);
    const page = await visitor.page(`/reset?token=${token}`);
    expect(page).toContain('Choose a new password');
    expect(page).toContain(`value="${token}"`);

    const reset = await visitor.request('POST', '/api/auth/reset', {
      token,
      password: 'my recovered passphrase',
    });
    expect(reset.status).toBe(200);
    expect(await me(learner)).toMatchObject({ kind: 'guest' });
    const again = await visitor.request('POST', '/api/auth/reset', {
      token,
      password: 'a second passphrase',
    });
    expect(again.status).toBe(400);
    expect(again.json).toMatchObject({ error: { kind: 'invalid-reset-token' } });
    expect(
      (await signIn(apiClient(server.url), 'forgot@example.org', 'my recovered passphrase')).status,
    ).toBe(200);
  });

  it('let an administrator create the first admin from the command line', async () => {
    const created = shipshapeUser(
      server,
      ['add', 'Root@Example.org', '--role', 'admin', '--password-stdin'],
      `${PASSWORD}\n`,
    );
    expect(created).toContain('Created admin root@example.org');
    const admin = apiClient(server.url);
    expect((await signIn(admin, 'root@example.org')).json.user).toMatchObject({ role: 'admin' });

    const generated = shipshapeUser(server, ['add', 'teach@example.org', '--role', 'instructor']);
    const password = /Password \(shown once[^)]*\): (\S+)/.exec(generated)![1]!;
    expect(password.length).toBeGreaterThanOrEqual(20);
    const instructor = apiClient(server.url);
    expect((await signIn(instructor, 'teach@example.org', password)).json.user).toMatchObject({
      role: 'instructor',
    });
  });

  it('work from plain HTML forms: 303 to the next page, or back to the form with the error', async () => {
    const browser = apiClient(server.url);
    await browser.page('/signup');
    const created = await postForm(browser, '/api/auth/signup', {
      email: 'form@example.org',
      password: PASSWORD,
      next: '/glossary',
    });
    expect(created.status).toBe(303);
    expect(created.headers.get('location')).toBe('/glossary');
    expect(await me(browser)).toMatchObject({ kind: 'account', email: 'form@example.org' });

    const out = await postForm(browser, '/api/auth/signout', {});
    expect(out.status).toBe(303);
    expect(await me(browser)).toMatchObject({ kind: 'guest' });

    const wrong = await postForm(browser, '/api/auth/signin', {
      email: 'form@example.org',
      password: 'not the password',
      next: 'https://evil.example/phish',
    });
    expect(wrong.status).toBe(303);
    const back = wrong.headers.get('location')!;
    expect(back).toMatch(/^\/signin\?/);
    expect(new URL(back, server.url).searchParams.get('next')).toBe('/');
    expect(await browser.page(back)).toContain('That email and password do not match');

    const signedIn = await postForm(browser, '/api/auth/signin', {
      email: 'form@example.org',
      password: PASSWORD,
      next: '//evil.example',
    });
    expect(signedIn.headers.get('location')).toBe('/');
    expect(await browser.page('/signin')).toContain('Signed in as');
  });
});

describe('accounts with registration closed', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ SHIPSHAPE_OPEN_REGISTRATION: '0' });
  });
  afterAll(() => server.stop());

  it('refuse sign-ups with a clear message, while accounts an administrator made still sign in', async () => {
    const visitor = apiClient(server.url);
    const refused = await signUp(visitor, 'open@example.org');
    expect(refused.status).toBe(403);
    expect(refused.json).toMatchObject({
      error: { kind: 'registration-closed', action: expect.stringContaining('instructor') },
    });
    expect(await visitor.page('/signup')).toContain('does not take sign-ups');

    shipshapeUser(server, ['add', 'invited@example.org', '--password-stdin'], PASSWORD);
    expect((await signIn(visitor, 'invited@example.org')).json.user).toMatchObject({
      kind: 'account',
      role: 'learner',
    });
  });
});
