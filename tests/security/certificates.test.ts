import { generateKeyPairSync, sign } from 'node:crypto';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/certificates/canonical-json';
import { Store } from '../../src/store/store';
import { lessonsWithQuizzes } from '../support/lesson-quizzes';
import { apiClient, startTestServer, type TestServer } from '../support/test-server';

const PASSWORD = 'a long enough passphrase';
type Client = ReturnType<typeof apiClient>;

/**
 * An attacker who can write to the database (a stolen backup, a careless
 * admin, SQL injection elsewhere) but does not hold the signing key: every
 * change they make to a certificate must show as such.
 */
describe('tampered and foreign certificates', () => {
  let server: TestServer;
  let store: Store;
  let sqlite: Database.Database;
  beforeAll(async () => {
    server = await startTestServer();
    const file = path.join(server.dataDir, 'shipshape.db');
    store = new Store(file);
    sqlite = new Database(file);
  });
  afterAll(async () => {
    sqlite?.close();
    store?.close();
    await server?.stop();
  });

  /** A new account that has met the certificate rules (recorded straight into the database). */
  async function qualifiedLearner(email: string): Promise<{ client: Client; userId: string }> {
    const client = apiClient(server.url);
    expect(
      (await client.request('POST', '/api/auth/signup', { email, password: PASSWORD })).status,
    ).toBe(201);
    const userId = (await client.request<{ user: { id: string } }>('GET', '/api/auth/me')).json.user
      .id;
    for (const lesson of lessonsWithQuizzes()) store.recordQuizAttempt(userId, lesson.id, 1, 1, []);
    const session = store.insertLabSession(userId, 'hello-service', null);
    store.insertGrade({
      sessionId: session.id,
      userId,
      labId: 'hello-service',
      gradable: true,
      score: 4,
      maxScore: 4,
      passed: true,
      result: {},
    });
    const attempt = store.createAssessmentAttempt(userId, [{ lesson: 'x', index: 0 }]);
    store.submitAssessmentAttempt(attempt.id, 1, [[0]]);
    return { client, userId };
  }
  async function claim(client: Client, name: string): Promise<string> {
    const res = await client.request<{ certificate: { id: string } }>('POST', '/api/certificates', {
      name,
    });
    expect(res.status).toBe(201);
    return res.json.certificate.id;
  }
  const verifyJson = (id: string) =>
    apiClient(server.url).request<Record<string, unknown>>('GET', `/api/certificates/${id}/verify`);

  it('shows a certificate whose name was changed in the database as "invalid signature", and certifies nothing', async () => {
    const { client } = await qualifiedLearner('mallory@example.org');
    const id = await claim(client, 'Mallory Honest');
    expect((await verifyJson(id)).json).toMatchObject({ status: 'valid' });

    const row = sqlite.prepare('SELECT payload_json FROM certificates WHERE id = ?').get(id) as {
      payload_json: string;
    };
    const forged = canonicalJson({ ...JSON.parse(row.payload_json), name: 'Alan Turing' });
    sqlite.prepare('UPDATE certificates SET payload_json = ? WHERE id = ?').run(forged, id);

    const verdict = await verifyJson(id);
    expect(verdict.status).toBe(200);
    expect(verdict.json).toEqual({ id, status: 'invalid-signature' });
    const page = await apiClient(server.url).page(`/verify/${id}`);
    expect(page).toContain('Not valid: altered record');
    expect(page).not.toContain('Alan Turing');
    expect(page).not.toContain('Valid certificate');
    // Nor will the platform print it.
    expect((await client.send(`/certificates/${id}.pdf`)).status).toBe(409);
    expect(await client.page('/certificate')).toContain('does not match its signature');
  });

  it('shows a certificate with a swapped or truncated signature as "invalid signature"', async () => {
    const { client } = await qualifiedLearner('swap@example.org');
    const id = await claim(client, 'Swap Test');
    const stranger = generateKeyPairSync('ed25519').privateKey;
    const { payload_json: text } = sqlite
      .prepare('SELECT payload_json FROM certificates WHERE id = ?')
      .get(id) as { payload_json: string };
    const setSignature = (value: string) =>
      sqlite.prepare('UPDATE certificates SET signature = ? WHERE id = ?').run(value, id);
    setSignature(sign(null, Buffer.from(text), stranger).toString('base64url'));
    expect((await verifyJson(id)).json).toMatchObject({ status: 'invalid-signature' });
    setSignature('');
    expect((await verifyJson(id)).json).toMatchObject({ status: 'invalid-signature' });
  });

  it('shows a certificate row inserted by hand, signed with another key, as "invalid signature"', async () => {
    const { userId } = await qualifiedLearner('insert@example.org');
    const id = 'ForgedForgedFrgd';
    const payload = canonicalJson({
      id,
      name: 'Nobody Real',
      course: 'Building Scalable Microservices with Python and Docker',
      date: '2026-01-01',
      labs: [],
      rulesVersion: 'rules-000000000000',
    });
    const key = generateKeyPairSync('ed25519').privateKey;
    sqlite
      .prepare(
        'INSERT INTO certificates (id, user_id, payload_json, signature, issued_at) VALUES (?, ?, ?, ?, ?)',
      )
      .run(
        id,
        userId,
        payload,
        sign(null, Buffer.from(payload), key).toString('base64url'),
        '2026-01-01T00:00:00Z',
      );
    expect((await verifyJson(id)).json).toEqual({ id, status: 'invalid-signature' });
  });

  it("answers 404 for another learner's certificate PDF, and for a guest", async () => {
    const owner = await qualifiedLearner('owner@example.org');
    const id = await claim(owner.client, 'Owner Person');
    expect((await owner.client.send(`/certificates/${id}.pdf`)).status).toBe(200);

    const other = apiClient(server.url);
    await other.request('POST', '/api/auth/signup', {
      email: 'other@example.org',
      password: PASSWORD,
    });
    for (const client of [other, apiClient(server.url)]) {
      const res = await client.send(`/certificates/${id}.pdf`);
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).not.toBe('application/pdf');
    }
    // Their own certificate page shows nothing of the owner's.
    expect(await other.page('/certificate')).not.toContain('Owner Person');
  });

  it('refuses a claim posted from another site', async () => {
    const { client } = await qualifiedLearner('csrf@example.org');
    const res = await client.send('/api/certificates', {
      method: 'POST',
      headers: { origin: 'https://evil.example', 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Victim' }),
    });
    expect(res.status).toBe(403);
    expect(
      store.listCertificatesOfUser(
        (await client.request<{ user: { id: string } }>('GET', '/api/auth/me')).json.user.id,
      ),
    ).toEqual([]);
  });

  it('never sends the private key: the JSON carries the public key only', async () => {
    const { client } = await qualifiedLearner('keys@example.org');
    const id = await claim(client, 'Key Check');
    const body = JSON.stringify((await verifyJson(id)).json);
    expect(body).toContain('BEGIN PUBLIC KEY');
    expect(body).not.toContain('PRIVATE KEY');
  });
});
