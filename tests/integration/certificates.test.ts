import { spawnSync } from 'node:child_process';
import { createPublicKey, verify } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/project-root';
import { Store } from '../../src/store/store';
import { lessonsWithQuizzes, rightAnswer } from '../support/lesson-quizzes';
import { apiClient, startTestServer, type TestServer } from '../support/test-server';

const PASSWORD = 'a long enough passphrase';
type Client = ReturnType<typeof apiClient>;

interface Standing {
  eligibility: {
    eligible: boolean;
    quizAverage: number;
    rules: Array<{ id: string; met: boolean }>;
  };
  certificate: { id: string; status: string; verifyUrl: string; pdf: string } | null;
}

describe('certificates over HTTP', () => {
  let server: TestServer;
  let store: Store;
  beforeAll(async () => {
    server = await startTestServer();
    // The server's own database, opened beside it: this file records a lab pass
    // directly (the browser test earns one by really grading the lab).
    store = new Store(path.join(server.dataDir, 'shipshape.db'));
  });
  afterAll(async () => {
    store?.close();
    await server?.stop();
  });

  async function signUp(email: string): Promise<Client> {
    const client = apiClient(server.url);
    const res = await client.request('POST', '/api/auth/signup', { email, password: PASSWORD });
    expect(res.status).toBe(201);
    return client;
  }
  const userIdOf = async (client: Client) =>
    (await client.request<{ user: { id: string } }>('GET', '/api/auth/me')).json.user.id;

  /** Passes every lesson quiz and the final assessment through the API, as the pages do. */
  async function passQuizzesAndAssessment(client: Client): Promise<void> {
    const lessons = lessonsWithQuizzes();
    for (const lesson of lessons) {
      const res = await client.request('POST', `/api/quizzes/${lesson.id}`, {
        answers: lesson.quiz.map(rightAnswer),
      });
      expect(res.status).toBe(200);
    }
    await client.send('/api/assessment', { method: 'POST' });
    const html = await client.page('/assessment');
    const action = /data-action="(\/api\/assessment\/[0-9a-f]+)"/.exec(html)![1]!;
    const byText = new Map(lessons.flatMap((l) => l.quiz.map((q) => [q.question, q] as const)));
    const answers = [...html.matchAll(/<legend[^>]*>([\s\S]*?)<\/legend>/g)].map((m) => {
      const text = m[1]!
        .replace(/<[^>]+>/g, '')
        .replace(/&#39;/g, "'")
        .replace(/&quot;/g, '"')
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&amp;/g, '&')
        .replace(/^\s*\d+\.\s*/, '')
        .replace(/\s*\(choose all that apply\)\s*$/, '')
        .trim();
      return rightAnswer(byText.get(text)!);
    });
    const verdict = await client.request('POST', action, { answers });
    expect(verdict.json).toMatchObject({ passed: true });
  }

  function recordLabPass(userId: string): void {
    const session = store.insertLabSession(userId, 'hello-service', null);
    store.setLabSessionState(session.id, 'ended');
    store.insertGrade({
      sessionId: session.id,
      userId,
      labId: 'hello-service',
      gradable: true,
      score: 4,
      maxScore: 4,
      passed: true,
      result: { tests: [] },
    });
  }

  it('shows a guest the rules, with an account as the first step, and refuses their claim', async () => {
    const guest = apiClient(server.url);
    const html = await guest.page('/certificate');
    expect(html).toContain('Create an account (your progress stays)');
    expect(html).not.toContain('Issue my certificate');
    const claim = await guest.request('POST', '/api/certificates', { name: 'A Guest' });
    expect(claim.status).toBe(401);
    expect(claim.json).toMatchObject({ error: { kind: 'not-signed-in' } });
  });

  it('lists what is missing for a new account and issues nothing yet', async () => {
    const learner = await signUp('new@example.org');
    const standing = await learner.request<Standing>('GET', '/api/certificates');
    expect(standing.json.eligibility.eligible).toBe(false);
    expect(standing.json.eligibility.rules.map((r) => [r.id, r.met])).toEqual([
      ['account', true],
      ['lab:hello-service', false],
      ['quiz-average', false],
      ['final-assessment', false],
    ]);
    expect(standing.json.certificate).toBeNull();
    const claim = await learner.request('POST', '/api/certificates', { name: 'Too Early' });
    expect(claim.status).toBe(403);
    expect(claim.json).toMatchObject({ error: { kind: 'certificate-not-eligible' } });
    const html = await learner.page('/certificate');
    expect(html).toContain('Open the lab');
    expect(html).toContain('Take the final assessment');
    expect(html).not.toContain('Issue my certificate');
  });

  it('issues a signed certificate once every rule is met, with its page, PDF and public verification', async () => {
    const learner = await signUp('grace@example.org');
    await passQuizzesAndAssessment(learner);
    recordLabPass(await userIdOf(learner));

    const page = await learner.page('/certificate');
    expect(page).toContain('Issue my certificate');
    expect(page.match(/data-met="yes"/g)).toHaveLength(4);

    // The plain form: a name the font cannot print comes back with the reason and the name as typed.
    const form = (name: string) =>
      learner.send('/api/certificates', {
        method: 'POST',
        body: new URLSearchParams({ name }).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
    const refused = await form('李小龍');
    expect(refused.status).toBe(303);
    expect(refused.headers.get('location')).toMatch(
      /^\/certificate\?name=.+&error=invalid-certificate-name$/,
    );
    expect(await learner.page(refused.headers.get('location')!)).toContain(
      'That name cannot be printed',
    );

    const claimed = await form('Grace Brewster Hopper');
    expect(claimed.headers.get('location')).toBe('/certificate');
    const standing = (await learner.request<Standing>('GET', '/api/certificates')).json;
    const id = standing.certificate!.id;
    expect(standing.certificate).toMatchObject({ status: 'valid', pdf: `/certificates/${id}.pdf` });
    expect(standing.certificate!.verifyUrl).toBe(`${server.url}/verify/${id}`);

    const sheet = await learner.page('/certificate');
    expect(sheet).toContain('Grace Brewster Hopper');
    expect(sheet).toContain(`/certificates/${id}.pdf`);
    expect(sheet).not.toContain('Issue my certificate');

    const pdf = await learner.send(`/certificates/${id}.pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const bytes = Buffer.from(await pdf.arrayBuffer()).toString('latin1');
    expect(bytes.startsWith('%PDF-1.4')).toBe(true);
    expect(bytes).toContain('(Grace Brewster Hopper) Tj');
    expect(bytes).toContain(`(Verification id: ${id}) Tj`);
    expect(bytes).toContain(`(Check it at ${server.url}/verify/${id}) Tj`);

    // Anyone, signed in or not, can check it, and check the signature themselves.
    const stranger = apiClient(server.url);
    const verification = await stranger.request<{
      status: string;
      payload: Record<string, unknown>;
      signature: { signedText: string; value: string; publicKey: string };
    }>('GET', `/api/certificates/${id}/verify`);
    expect(verification.status).toBe(200);
    expect(verification.json).toMatchObject({
      status: 'valid',
      payload: {
        id,
        name: 'Grace Brewster Hopper',
        course: 'Building Scalable Microservices with Python and Docker',
        labs: [{ id: 'hello-service', title: 'Hello, service: add a health endpoint' }],
      },
    });
    const { signedText, value, publicKey } = verification.json.signature;
    expect(JSON.parse(signedText)).toEqual(verification.json.payload);
    expect(
      verify(
        null,
        Buffer.from(signedText),
        createPublicKey(publicKey),
        Buffer.from(value, 'base64url'),
      ),
    ).toBe(true);
    const publicPage = await stranger.page(`/verify/${id}`);
    expect(publicPage).toContain('Valid certificate');
    expect(publicPage).toContain('Grace Brewster Hopper');
    expect(JSON.stringify(verification.json)).not.toContain('grace@example.org');

    // Claiming again changes nothing.
    const again = await learner.request<{ certificate: { id: string } }>(
      'POST',
      '/api/certificates',
      {
        name: 'Someone Else',
      },
    );
    expect(again.json.certificate.id).toBe(id);
  });

  it('shows a certificate revoked with `shipshape certificate revoke` as revoked, with the reason', async () => {
    const learner = await signUp('revoked@example.org');
    await passQuizzesAndAssessment(learner);
    recordLabPass(await userIdOf(learner));
    const { id } = (
      await learner.request<{ certificate: { id: string } }>('POST', '/api/certificates', {
        name: 'Rev Oked',
      })
    ).json.certificate;

    const cli = spawnSync(
      process.execPath,
      [
        'bin/shipshape.mjs',
        'certificate',
        'revoke',
        id,
        '--reason',
        'Lab work copied from another learner',
      ],
      {
        cwd: projectRoot,
        env: { ...process.env, SHIPSHAPE_DATA_DIR: server.dataDir },
        encoding: 'utf8',
      },
    );
    expect(cli.status, cli.stderr).toBe(0);
    expect(cli.stdout).toContain(`Revoked certificate ${id}`);

    const stranger = apiClient(server.url);
    expect((await stranger.request('GET', `/api/certificates/${id}/verify`)).json).toMatchObject({
      status: 'revoked',
      revoked: { reason: 'Lab work copied from another learner' },
      payload: { name: 'Rev Oked' },
    });
    const page = await stranger.page(`/verify/${id}`);
    expect(page).toContain('Revoked certificate');
    expect(page).toContain('Lab work copied from another learner');
    expect(await learner.page('/certificate')).toContain('was revoked on');
    expect((await learner.send(`/certificates/${id}.pdf`)).status).toBe(410);
    // A revoked certificate is not replaced by claiming again.
    expect((await learner.request('POST', '/api/certificates', { name: 'Rev Oked' })).status).toBe(
      403,
    );
  });

  it('answers 404 for an id no certificate has, on the page and in JSON', async () => {
    const stranger = apiClient(server.url);
    const page = await stranger.send('/verify/NoSuchCertific8x');
    expect(page.status).toBe(404);
    expect(await page.text()).toContain('No such certificate');
    const json = await stranger.request('GET', '/api/certificates/NoSuchCertific8x/verify');
    expect(json.status).toBe(404);
    expect(json.json).toEqual({ id: 'NoSuchCertific8x', status: 'not-found' });
    const form = await stranger.send('/verify?id=+NoSuchCertific8x+');
    expect(form.status).toBe(303);
    expect(form.headers.get('location')).toBe('/verify/NoSuchCertific8x');
  });
});
