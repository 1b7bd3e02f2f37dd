import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { parseDocument } from 'yaml';
import { projectRoot } from '../../src/project-root';
import { signedIn } from '../support/instructor-account';
import { lessonsWithQuizzes } from '../support/lesson-quizzes';
import {
  allRefs,
  documentedOperations,
  documentedResponse,
  matchPath,
  resolveRef,
  validate,
  type OpenApiDocument,
} from '../support/openapi-validator';
import { apiClient, startTestServer, type TestServer } from '../support/test-server';

type Client = ReturnType<typeof apiClient>;

const DOCUMENT_FILE = path.join(projectRoot, 'docs', 'openapi.yaml');
const documentText = fs.readFileSync(DOCUMENT_FILE, 'utf8');
const parsed = parseDocument(documentText);
const doc = parsed.toJS() as OpenApiDocument;

/**
 * WebSocket routes are not Astro routes: the HTTP server's `upgrade` event
 * (src/server/http-server.ts) hands them to the ROUTE patterns of
 * src/server/terminal-upgrade.ts (terminal, logs) and
 * src/instructor/watch-upgrade.ts (watch).
 */
const WEBSOCKET_ROUTES = [
  'GET /api/lab-sessions/{id}/terminal',
  'GET /api/lab-sessions/{id}/logs',
  'GET /api/instructor/sessions/{id}/watch',
];

/**
 * What Astro serves from src/pages besides HTML: every endpoint file (.ts),
 * the API and routes such as the certificate PDF, with the methods it exports.
 */
function endpointRoutes(): string[] {
  const pages = path.join(projectRoot, 'src', 'pages');
  return fs
    .readdirSync(pages, { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.(ts|js)$/.test(file))
    .flatMap((file) => {
      const source = fs.readFileSync(path.join(pages, file), 'utf8');
      const methods = [
        ...source.matchAll(
          /^export (?:const|(?:async )?function) (GET|POST|PUT|PATCH|DELETE|OPTIONS|HEAD|ALL)\b/gm,
        ),
      ].map((m) => m[1]!);
      const route = `/${file
        .replaceAll(path.sep, '/')
        .replace(/\.(ts|js)$/, '')
        .replace(/(^|\/)index$/, '')
        .replace(/\[\.\.\.(\w+)\]/g, '{$1}')
        .replace(/\[(\w+)\]/g, '{$1}')}`;
      return methods.map((method) => `${method} ${route}`);
    });
}

const ALL_COURSE_QUIZZES = lessonsWithQuizzes();

/** Every (method, path template, status) the flow below saw, each checked against the document. */
const exercised = new Set<string>();

interface Answer {
  status: number;
  headers: Headers;
  text: string;
  body: unknown;
}

/** Holds one answer to the document: a documented status, media type and, for JSON, schema. */
function expectDocumented(method: string, pathname: string, res: Answer): void {
  const template = matchPath(doc, pathname);
  if (!template) throw new Error(`${method} ${pathname} matches no documented path`);
  const documented = documentedResponse(doc, template, method, res.status);
  exercised.add(`${method.toUpperCase()} ${template}`);
  const mediaTypes = Object.keys(documented.content);
  const label = `${method} ${pathname} → ${res.status}`;
  if (mediaTypes.length === 0) {
    expect(res.text, `${label} is documented without a body`).toBe('');
    return;
  }
  const contentType = (res.headers.get('content-type') ?? '').split(';')[0]!.trim();
  expect(mediaTypes, `${label} answered ${contentType}`).toContain(contentType);
  if (contentType === 'application/json') {
    expect(validate(doc, documented.content[contentType]!, res.body), label).toEqual([]);
  }
}

/** A request as a browser or script would send it, its answer held to the document. */
async function call(
  client: Client,
  method: string,
  route: string,
  options: { json?: unknown; form?: Record<string, string>; raw?: string; origin?: string } = {},
): Promise<Answer> {
  const headers: Record<string, string> = {};
  let body: string | undefined;
  if (options.json !== undefined || options.raw !== undefined) {
    headers['content-type'] = 'application/json';
    body = options.raw ?? JSON.stringify(options.json);
  } else if (options.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(options.form).toString();
  }
  if (options.origin) headers['origin'] = options.origin;
  const res = await client.send(route, { method, headers, ...(body ? { body } : {}) });
  const text = await res.text();
  const isJson = res.headers.get('content-type')?.startsWith('application/json') ?? false;
  const answer = {
    status: res.status,
    headers: res.headers,
    text,
    body: isJson && text ? (JSON.parse(text) as unknown) : undefined,
  };
  expectDocumented(method, new URL(route, 'http://localhost').pathname, answer);
  return answer;
}

/** Asks for a WebSocket upgrade; the HTTP status that answers it (101 when it opens) is held to the document. */
async function upgrade(
  server: TestServer,
  route: string,
  headers: { cookie?: string; origin?: string },
): Promise<number> {
  const status = await new Promise<number>((resolve, reject) => {
    const ws = new WebSocket(`${server.url.replace(/^http/, 'ws')}${route}`, { headers });
    ws.on('error', reject);
    ws.once('open', () => {
      // Close as a person would, once the screen (or the log) has drawn: a socket
      // closed before its shell has started takes the whole server down (the
      // read-only Duplex of the watch and logs routes is destroyed with no
      // 'error' listener), which is a bug of those routes, not of the API shape.
      const settle = setTimeout(() => ws.close(), 3_000);
      ws.once('message', () => {
        clearTimeout(settle);
        ws.close();
      });
      ws.once('close', () => resolve(101));
    });
    ws.once('unexpected-response', (req, res) => {
      resolve(res.statusCode ?? 0);
      req.destroy();
    });
  });
  const pathname = new URL(route, 'http://localhost').pathname;
  expectDocumented('GET', pathname, { status, headers: new Headers(), text: '', body: undefined });
  return status;
}

const sessionOf = (answer: Answer) =>
  (answer.body as { session: { id: string; state: string } }).session;
const errorKind = (answer: Answer) => (answer.body as { error?: { kind?: string } }).error?.kind;

describe('docs/openapi.yaml', () => {
  it('is valid YAML declaring OpenAPI 3.1, with a title, a version and the identity cookie', () => {
    expect(parsed.errors).toEqual([]);
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    expect(doc.info).toMatchObject({ title: expect.any(String), version: expect.any(String) });
    expect(resolveRef(doc, '#/components/securitySchemes/identityCookie')).toMatchObject({
      type: 'apiKey',
      in: 'cookie',
      name: 'shipshape_id',
    });
  });

  it('has no $ref that resolves to nothing', () => {
    const refs = allRefs(doc);
    expect(refs.length).toBeGreaterThan(50);
    const broken = refs.filter(({ ref }) => {
      try {
        resolveRef(doc, ref);
        return false;
      } catch {
        return true;
      }
    });
    expect(broken).toEqual([]);
  });

  it('documents every route the server exposes, with exactly its methods, and nothing else', () => {
    const served = [...endpointRoutes(), ...WEBSOCKET_ROUTES].sort();
    expect(served).toContain('GET /certificates/{id}.pdf');
    expect(served).toContain('GET /api/openapi.yaml');
    expect(documentedOperations(doc).sort()).toEqual(served);
  });

  it('gives every operation a summary and documents each JSON error with the shared Error schema', () => {
    for (const operation of documentedOperations(doc)) {
      const [method, template] = operation.split(' ') as [string, string];
      const op = doc.paths[template]![method.toLowerCase()] as {
        summary?: string;
        responses: Record<string, unknown>;
      };
      expect(op.summary, operation).toEqual(expect.any(String));
      for (const status of Object.keys(op.responses).filter((s) => Number(s) >= 400)) {
        const json = documentedResponse(doc, template, method, Number(status)).content[
          'application/json'
        ];
        // The certificate check answers an unknown id with its own verification body.
        if (json && template !== '/api/certificates/{id}/verify') {
          expect(json, `${operation} ${status}`).toEqual({ $ref: '#/components/schemas/Error' });
        }
      }
    }
  });
});

describe('the running server answers as docs/openapi.yaml says', () => {
  let server: TestServer;
  let learner: Client;

  beforeAll(async () => {
    server = await startTestServer();
    learner = apiClient(server.url);
  });
  afterAll(() => server?.stop());

  it('serves the document itself as YAML', async () => {
    const res = await call(learner, 'GET', '/api/openapi.yaml');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/yaml/);
    expect(res.text).toBe(documentText);
    expect((await call(learner, 'GET', '/api/health')).status).toBe(200);
  });

  it('checks a guest quiz answer, and refuses a body it cannot read', async () => {
    expect((await call(learner, 'GET', '/api/auth/me')).body).toMatchObject({
      user: { kind: 'guest', role: 'learner' },
    });
    const lesson = ALL_COURSE_QUIZZES[0]!;
    const answers = lesson.quiz.map((q) => q.choices.flatMap((c, i) => (c.correct ? [i] : [])));
    const verdict = await call(learner, 'POST', `/api/quizzes/${lesson.id}`, { json: { answers } });
    expect(verdict.status).toBe(200);
    expect(verdict.body).toMatchObject({ score: answers.length, total: answers.length });

    const notJson = await call(learner, 'POST', `/api/quizzes/${lesson.id}`, { raw: '{answers' });
    expect([notJson.status, errorKind(notJson)]).toEqual([400, 'bad-request']);
    const tooFew = await call(learner, 'POST', `/api/quizzes/${lesson.id}`, {
      json: { answers: [] },
    });
    expect([tooFew.status, errorKind(tooFew)]).toEqual([400, 'bad-request']);
  });

  it('starts, submits and closes a final-assessment attempt', async () => {
    const start = await call(learner, 'POST', '/api/assessment');
    expect([start.status, start.headers.get('location')]).toEqual([303, '/assessment']);
    const page = await learner.page('/assessment');
    const action = /data-action="(\/api\/assessment\/[0-9a-f]+)"/.exec(page)![1]!;
    const questions = [...page.matchAll(/<legend/g)].length;
    expect(questions).toBeGreaterThan(0);
    const answers = Array.from({ length: questions }, () => [0]);

    const verdict = await call(learner, 'POST', action, { json: { answers } });
    expect(verdict.status).toBe(200);
    expect(verdict.body).toMatchObject({ total: questions, passed: expect.any(Boolean) });
    const again = await call(learner, 'POST', action, { json: { answers } });
    expect([again.status, errorKind(again)]).toEqual([409, 'attempt-closed']);
    const unknown = await call(learner, 'POST', '/api/assessment/0000000000000000', {
      json: { answers },
    });
    expect([unknown.status, errorKind(unknown)]).toEqual([404, 'attempt-not-found']);

    const progress = await call(learner, 'GET', '/api/progress');
    expect(progress.status).toBe(200);
    expect(progress.body).toMatchObject({ assessment: { attempts: 1 } });
  });

  it('tells a guest where they stand for a certificate, and verifies no unknown id', async () => {
    const standing = await call(learner, 'GET', '/api/certificates');
    expect(standing.status).toBe(200);
    expect(standing.body).toMatchObject({ eligibility: { eligible: false }, certificate: null });
    const claim = await call(learner, 'POST', '/api/certificates', {
      json: { name: 'Ada Lovelace' },
    });
    expect([claim.status, errorKind(claim)]).toEqual([401, 'not-signed-in']);

    const verify = await call(learner, 'GET', '/api/certificates/AAAAAAAAAAAAAAAA/verify');
    expect(verify.status).toBe(404);
    expect(verify.body).toEqual({ id: 'AAAAAAAAAAAAAAAA', status: 'not-found' });
    const pdf = await call(learner, 'GET', '/certificates/AAAAAAAAAAAAAAAA.pdf');
    expect([pdf.status, errorKind(pdf)]).toEqual([404, 'certificate-not-found']);
  });

  it('signs up, says who is signed in, refuses a wrong password, and signs out', async () => {
    const visitor = apiClient(server.url);
    const weak = await call(visitor, 'POST', '/api/auth/signup', {
      json: { email: 'grace@example.org', password: 'short' },
    });
    expect([weak.status, errorKind(weak)]).toEqual([400, 'weak-password']);
    const password = 'a passphrase long enough';
    const created = await call(visitor, 'POST', '/api/auth/signup', {
      json: { email: 'grace@example.org', password },
    });
    expect(created.status).toBe(201);
    expect((await call(visitor, 'GET', '/api/auth/me')).body).toMatchObject({
      user: { kind: 'account', email: 'grace@example.org' },
    });

    const stranger = apiClient(server.url);
    const wrong = await call(stranger, 'POST', '/api/auth/signin', {
      json: { email: 'grace@example.org', password: 'not the passphrase' },
    });
    expect([wrong.status, errorKind(wrong)]).toEqual([401, 'wrong-credentials']);
    const wrongForm = await call(stranger, 'POST', '/api/auth/signin', {
      form: { email: 'grace@example.org', password: 'not the passphrase' },
    });
    expect(wrongForm.status).toBe(303);
    expect(wrongForm.headers.get('location')).toContain('error=wrong-credentials');
    const guestChange = await call(stranger, 'POST', '/api/auth/password', {
      json: { current: 'x', password },
    });
    expect([guestChange.status, errorKind(guestChange)]).toEqual([401, 'not-signed-in']);
    const badToken = await call(stranger, 'POST', '/api/auth/reset', {
      json: { token: 'not-a-token', password },
    });
    expect([badToken.status, errorKind(badToken)]).toEqual([400, 'invalid-reset-token']);

    const out = await call(visitor, 'POST', '/api/auth/signout');
    expect(out.body).toEqual({ signedOut: true, sessionsEnded: 1 });
  });

  it('refuses cross-origin changes, unknown sessions and labs, bad bodies, and learners in the instructor API', async () => {
    const foreign = await call(learner, 'POST', '/api/lab-sessions', {
      json: { lab: 'hello-service' },
      origin: 'http://evil.example',
    });
    expect([foreign.status, errorKind(foreign)]).toEqual([403, 'forbidden']);
    const foreignDelete = await call(learner, 'DELETE', '/api/lab-sessions/0123456789abcdef', {
      origin: 'http://evil.example',
    });
    expect(foreignDelete.status).toBe(403);

    const missing = await call(learner, 'GET', '/api/lab-sessions/0123456789abcdef');
    expect([missing.status, errorKind(missing)]).toEqual([404, 'session-not-found']);
    const noLab = await call(learner, 'GET', '/api/labs/no-such-lab/attempts');
    expect([noLab.status, errorKind(noLab)]).toEqual([404, 'unknown-lab']);
    const unnamed = await call(learner, 'POST', '/api/lab-sessions', { json: { laboratory: 1 } });
    expect([unnamed.status, errorKind(unnamed)]).toEqual([400, 'bad-request']);
    const notJson = await call(learner, 'POST', '/api/lab-sessions', { raw: 'hello-service' });
    expect([notJson.status, errorKind(notJson)]).toEqual([400, 'bad-request']);

    for (const route of ['/api/instructor/progress.csv', '/api/instructor/grades.csv']) {
      const csv = await call(learner, 'GET', route);
      expect([csv.status, errorKind(csv)]).toEqual([403, 'forbidden']);
    }
    expect((await call(learner, 'GET', '/api/instructor/sessions')).status).toBe(403);
    expect(
      (await call(learner, 'POST', '/api/instructor/sessions/0123456789abcdef/stop')).status,
    ).toBe(403);
  });

  it(
    'runs a hello-service lab through its whole life on the real engine',
    { timeout: 240_000 },
    async () => {
      const instructor = await signedIn(server, 'teacher@example.org', 'instructor');
      const started = await call(learner, 'POST', '/api/lab-sessions', {
        json: { lab: 'hello-service' },
      });
      expect(started.status).toBe(201);
      const { id } = sessionOf(started);
      let session = sessionOf(started);
      const deadline = Date.now() + 120_000;
      while (session.state === 'queued' || session.state === 'starting') {
        expect(Date.now(), `the lab is still ${session.state}`).toBeLessThan(deadline);
        await new Promise((r) => setTimeout(r, 250));
        session = sessionOf(await call(learner, 'GET', `/api/lab-sessions/${id}`));
      }
      expect(session.state).toBe('ready');
      const again = await call(learner, 'POST', '/api/lab-sessions', {
        json: { lab: 'hello-service' },
      });
      expect([again.status, sessionOf(again).id]).toEqual([200, id]);
      const list = await call(learner, 'GET', '/api/lab-sessions');
      expect(list.body).toMatchObject({ sessions: [{ id, state: 'ready' }] });

      const grade = await call(learner, 'POST', `/api/lab-sessions/${id}/grade`);
      expect(grade.status).toBe(200);
      expect(grade.body).toMatchObject({ lab: 'hello-service', gradable: true, passed: false });
      const attempts = await call(learner, 'GET', '/api/labs/hello-service/attempts');
      expect(attempts.body).toMatchObject({ attempts: [{ sessionId: id, gradable: true }] });

      const own = { cookie: learner.cookie, origin: server.url };
      expect(await upgrade(server, `/api/lab-sessions/${id}/terminal?tab=main`, own)).toBe(101);
      expect(await upgrade(server, `/api/lab-sessions/${id}/logs?service=hello`, own)).toBe(101);
      expect(await upgrade(server, `/api/lab-sessions/${id}/logs?service=nope`, own)).toBe(404);
      expect(await upgrade(server, `/api/lab-sessions/${id}/terminal?tab=No!`, own)).toBe(400);
      const foreign = { cookie: learner.cookie, origin: 'http://evil.example' };
      expect(await upgrade(server, `/api/lab-sessions/${id}/terminal`, foreign)).toBe(403);
      expect(
        await upgrade(server, `/api/lab-sessions/${id}/terminal`, { origin: server.url }),
      ).toBe(401);
      expect(await upgrade(server, `/api/instructor/sessions/${id}/watch`, own)).toBe(403);

      const live = await call(instructor, 'GET', '/api/instructor/sessions');
      expect(live.body).toMatchObject({ sessions: [{ id, lab: 'hello-service', state: 'ready' }] });
      const watching = { cookie: instructor.cookie, origin: server.url };
      expect(await upgrade(server, `/api/instructor/sessions/${id}/watch?tab=main`, watching)).toBe(
        101,
      );
      const grades = await call(instructor, 'GET', '/api/instructor/grades.csv');
      expect(grades.status).toBe(200);
      expect(grades.text).toContain('hello-service');
      expect((await call(instructor, 'GET', '/api/instructor/progress.csv')).status).toBe(200);

      const stopped = await call(instructor, 'POST', `/api/instructor/sessions/${id}/stop`);
      expect([stopped.status, stopped.body]).toEqual([200, { stopped: id }]);
      const gone = await call(instructor, 'POST', `/api/instructor/sessions/${id}/stop`);
      expect([gone.status, errorKind(gone)]).toEqual([404, 'session-not-found']);
      // The learner's own stops are idempotent: the session has ended already.
      expect((await call(learner, 'DELETE', `/api/lab-sessions/${id}`)).status).toBe(204);
      const formStop = await call(learner, 'POST', `/api/lab-sessions/${id}/stop`);
      expect([formStop.status, formStop.headers.get('location')]).toEqual([
        303,
        '/dashboard?stopped=hello-service',
      ]);
      const late = await call(learner, 'POST', `/api/lab-sessions/${id}/grade`);
      expect([late.status, errorKind(late)]).toEqual([409, 'session-not-ready']);
    },
  );

  it('has exercised every documented operation at least once', () => {
    expect([...exercised].sort()).toEqual(documentedOperations(doc).sort());
  });
});
