import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProgressReport } from '../../src/progress/progress-report';
import { LABELS } from '../../src/sandbox/labels';
import { objectsWithLabel } from '../support/docker-cli';
import {
  apiClient,
  startLabOverApi,
  startTestServer,
  type TestServer,
} from '../support/test-server';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

/** Nobody's dashboard, progress or Stop button reaches another learner's labs. */
describe('the dashboard between learners', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());

  it("shows, and stops, only the learner's own running labs", async () => {
    const owner = apiClient(server.url);
    const stranger = apiClient(server.url);
    await stranger.page('/dashboard');
    const session = await startLabOverApi(owner, 'hello-service');
    expect(session.state).toBe('ready');

    const theirs = (await stranger.request<ProgressReport>('GET', '/api/progress')).json;
    expect(theirs.running).toEqual([]);
    expect(await stranger.page('/dashboard')).not.toContain(session.id);
    const mine = (await owner.request<ProgressReport>('GET', '/api/progress')).json;
    expect(mine.running).toMatchObject([{ sessionId: session.id, labId: 'hello-service' }]);

    const forged = await stranger.send(`/api/lab-sessions/${session.id}/stop`, {
      method: 'POST',
      headers: FORM,
    });
    expect(forged.status).toBe(404);
    const crossSite = await owner.send(`/api/lab-sessions/${session.id}/stop`, {
      method: 'POST',
      headers: { ...FORM, origin: 'https://evil.example' },
    });
    expect(crossSite.status).toBe(403);
    const still = await owner.request<{ session: { state: string } }>(
      'GET',
      `/api/lab-sessions/${session.id}`,
    );
    expect(still.json.session.state).toBe('ready');

    const stopped = await owner.send(`/api/lab-sessions/${session.id}/stop`, {
      method: 'POST',
      headers: FORM,
    });
    expect(stopped.status).toBe(303);
    expect(stopped.headers.get('location')).toBe('/dashboard?stopped=hello-service');
    expect(objectsWithLabel(`${LABELS.session}=${session.id}`).containers).toEqual([]);
  });

  it('names a stopped lab only when the catalog knows it, never echoing the query', async () => {
    const page = await apiClient(server.url).page(
      '/dashboard?stopped=%3Cscript%3Ealert(1)%3C/script%3E',
    );
    expect(page).not.toContain('<script>alert(1)</script>');
    expect(page).not.toContain('data-testid="lab-stopped"');
  });
});
