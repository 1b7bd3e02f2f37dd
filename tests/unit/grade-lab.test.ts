import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gradeLab } from '../../grader/engine/grade-lab';
import { defineChecks, type CheckSet } from '../../grader/sdk';
import { FakeSandboxDriver } from './fakes/fake-sandbox-driver';

const CRASH_LOG = 'Traceback (most recent call last):\nNameError: name "app" is not defined\n';

/** The learner's service: / greets, /health is missing, /warming-up answers 503 three times. */
let server: http.Server;
let port: number;
let warmUpCalls = 0;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    if (req.url === '/') return void res.end(JSON.stringify({ message: 'hello' }));
    if (req.url === '/boom') {
      res.statusCode = 500;
      return void res.end('Internal Server Error');
    }
    if (req.url === '/warming-up') {
      res.statusCode = ++warmUpCalls > 3 ? 200 : 503;
      return void res.end();
    }
    res.statusCode = 404;
    res.end('{"detail":"Not Found"}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const probe = http.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port: free } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return free;
}

const grade = (checks: CheckSet, order: string[] = [], driver = new FakeSandboxDriver()) =>
  gradeLab({ labId: 'demo', checks, order, target: { driver, sessionId: 'session-1' } });

const greets = () =>
  defineChecks({
    greets: {
      title: 'svc greets on GET /',
      points: 1,
      async run({ http: probe, expect }) {
        const res = await probe('svc', port).get('/');
        expect(res.json, 'GET / body').toEqual({ message: 'hello' });
      },
    },
  });

describe('grading a lab against the learner services', () => {
  it('awards every point when all checks pass', async () => {
    const result = await grade({
      ...greets(),
      status: {
        title: 'svc answers 200 on GET /',
        points: 2,
        async run({ http: probe, expect }) {
          expect((await probe('svc', port).get('/')).status, 'GET / status').toBe(200);
        },
      },
    });
    expect(result).toMatchObject({
      lab: 'demo',
      gradable: true,
      passed: true,
      score: 3,
      max_score: 3,
    });
    expect(result.tests.map((t) => [t.id, t.status, t.score])).toEqual([
      ['greets', 'passed', 1],
      ['status', 'passed', 2],
    ]);
    expect(result.error).toBeUndefined();
  });

  it('records each probe as evidence with its status and latency', async () => {
    const [greetsResult] = (await grade(greets())).tests;
    expect(greetsResult?.evidence).toEqual([
      {
        kind: 'http',
        summary: expect.stringMatching(new RegExp(`^GET http://svc:${port}/ → 200 in \\d+ ms$`)),
      },
    ]);
  });

  it('fails a check whose expectation is not met, showing expected vs actual and its hint', async () => {
    const result = await grade({
      ...greets(),
      health: {
        title: 'svc answers GET /health',
        points: 2,
        hint: 'Add a /health route.',
        async run({ http: probe, expect }) {
          expect((await probe('svc', port).get('/health')).status, 'GET /health status').toBe(200);
        },
      },
    });
    expect(result).toMatchObject({ gradable: true, passed: false, score: 1, max_score: 3 });
    expect(result.tests[1]).toMatchObject({
      status: 'failed',
      score: 0,
      output: 'GET /health status: expected 200, got 404',
      hint: 'Add a /health route.',
    });
  });

  it('does not count an attempt when a check itself crashes (grader error, not learner failure)', async () => {
    const result = await grade({
      ...greets(),
      buggy: {
        title: 'a check with a bug',
        points: 1,
        async run() {
          const body = JSON.parse('{}') as { items: string[] };
          body.items.push('x');
        },
      },
    });
    expect(result).toMatchObject({ gradable: false, passed: false });
    expect(result.error).toBe(
      'The grader could not finish "a check with a bug": this attempt does not count.',
    );
    expect(result.tests[1]).toMatchObject({ status: 'error', score: 0 });
    expect(result.tests[1]?.output).toMatch(/^grader error: /);
  });

  it('treats a check that outlives its timeout as a grader error', async () => {
    const result = await grade({
      stuck: {
        title: 'a check that never ends',
        points: 1,
        timeoutMs: 200,
        run: () => new Promise<void>(() => {}),
      },
    });
    expect(result.gradable).toBe(false);
    expect(result.tests[0]).toMatchObject({
      status: 'error',
      output: 'grader error: the check did not finish within 0.2 s',
    });
    expect(result.tests[0]?.duration_ms).toBeGreaterThanOrEqual(190);
  });

  it('tells the learner to listen on 0.0.0.0 when the connection is refused, with the service log', async () => {
    const shut = await closedPort();
    const driver = new FakeSandboxDriver({ logs: CRASH_LOG });
    const result = await grade(
      {
        up: {
          title: 'svc is up',
          points: 1,
          async run({ http: probe }) {
            await probe('svc', shut).get('/');
          },
        },
      },
      [],
      driver,
    );
    const [up] = result.tests;
    expect(result.gradable).toBe(true);
    expect(up?.status).toBe('failed');
    expect(up?.output).toContain(`GET http://svc:${shut}/ failed: ECONNREFUSED`);
    expect(up?.output).toContain(`0.0.0.0:${shut}`);
    expect(up?.evidence).toContainEqual({
      kind: 'logs',
      summary: `last lines of svc:\n${CRASH_LOG.trimEnd()}`,
    });
    expect(driver.logRequests).toEqual([{ sessionId: 'session-1', service: 'svc', tail: 15 }]);
  });

  it('fails, without a grader error, a probe to a service whose container is gone', async () => {
    const driver = new FakeSandboxDriver({ goneServices: ['svc'] });
    const result = await grade(greets(), [], driver);
    expect(result.gradable).toBe(true);
    expect(result.tests[0]).toMatchObject({ status: 'failed' });
    expect(result.tests[0]?.output).toContain('svc has no address on the lab network');
    expect(result.tests[0]?.output).toContain('is not running');
  });

  it('runs checks in the order the steps list them, then the unlisted ones', async () => {
    const ran: string[] = [];
    const recording = (id: string) => ({
      title: id,
      points: 1,
      run: async () => void ran.push(id),
    });
    const result = await grade(
      { a: recording('a'), b: recording('b'), c: recording('c'), d: recording('d') },
      ['c', 'not-a-check', 'a'],
    );
    expect(ran).toEqual(['c', 'a', 'b', 'd']);
    expect(result.tests.map((t) => t.id)).toEqual(['c', 'a', 'b', 'd']);
  });

  it('ignores a listed check id that happens to be an Object.prototype name', async () => {
    const result = await grade(greets(), ['constructor', 'greets']);
    expect(result.tests.map((t) => t.id)).toEqual(['greets']);
  });
});

describe('eventually, inside a check', () => {
  it('retries until the service is ready', async () => {
    warmUpCalls = 0;
    const result = await grade({
      warm: {
        title: 'svc warms up',
        points: 1,
        async run({ http: probe, expect, eventually }) {
          await eventually(
            async () => expect((await probe('svc', port).get('/warming-up')).status).toBe(200),
            { within: 2_000, interval: 10 },
          );
        },
      },
    });
    expect(result.tests[0]?.status).toBe('passed');
    expect(result.tests[0]?.evidence.map((e) => e.summary.split(' → ')[1]?.split(' ')[0])).toEqual([
      '503',
      '503',
      '503',
      '200',
    ]);
  });

  it('gives up after its time and reports the last failure', async () => {
    let attempts = 0;
    const result = await grade({
      never: {
        title: 'never true',
        points: 1,
        async run({ expect, eventually }) {
          await eventually(async () => expect(++attempts, 'attempt').toBe(0), {
            within: 100,
            interval: 20,
          });
        },
      },
    });
    expect(result.tests[0]).toMatchObject({ status: 'failed' });
    expect(result.tests[0]?.output).toBe(`attempt: expected 0, got ${attempts}`);
    expect(attempts).toBeGreaterThan(1);
  });
});

describe('a check that fails after the service answered 5xx', () => {
  const boom = () =>
    defineChecks({
      orders: {
        title: 'svc takes an order',
        points: 1,
        async run({ http: probe, expect }) {
          const res = await probe('svc', port).get('/boom');
          expect(res.status, 'GET /boom status').toBe(200);
        },
      },
    });

  it('shows the traceback in the service log, with advice, when there is one', async () => {
    const result = await grade(boom(), [], new FakeSandboxDriver({ logs: CRASH_LOG }));
    const check = result.tests[0]!;
    expect(check.status).toBe('failed');
    expect(check.output).toBe(
      'GET /boom status: expected 200, got 500\nsvc: Your service raised an exception while answering; the end of its log is below.',
    );
    expect(check.evidence.some((e) => e.kind === 'logs' && e.summary.includes('NameError'))).toBe(
      true,
    );
  });

  it('adds no advice when the log shows no exception', async () => {
    const result = await grade(
      boom(),
      [],
      new FakeSandboxDriver({ logs: 'INFO: 500 Internal Server Error' }),
    );
    expect(result.tests[0]?.output).toBe('GET /boom status: expected 200, got 500');
  });
});
