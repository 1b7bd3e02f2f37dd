import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, startTestServer, type TestServer } from '../support/test-server';

describe('a platform whose Docker engine is unreachable', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ DOCKER_HOST: 'unix:///nonexistent/docker.sock' });
  });
  afterAll(() => server.stop());

  it('still starts, and says at start-up why labs cannot run', () => {
    expect(server.output()).toContain('No Docker engine');
    expect(server.output()).toContain('ensure-docker-engine.sh');
  });

  it('serves every lesson', async () => {
    const res = await fetch(`${server.url}/lessons/orientation/your-first-service`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('health');
  });

  it('shows on the lab page that the engine is unreachable and what to run', async () => {
    const res = await fetch(`${server.url}/labs/hello-service`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('data-testid="engine-unavailable"');
    expect(html).toContain('ensure-docker-engine.sh');
    expect(html).not.toContain('data-testid="start-lab"');
  });

  it('answers a lab start with 503 and the fix, instead of failing obscurely', async () => {
    const res = await apiClient(server.url).request('POST', '/api/lab-sessions', {
      lab: 'hello-service',
    });
    expect(res.status).toBe(503);
    expect(res.json).toMatchObject({ error: { kind: 'engine-unreachable' } });
  });
});
