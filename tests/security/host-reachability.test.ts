import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docker } from '../support/docker-cli';
import {
  apiClient,
  startLabOverApi,
  startTestServer,
  type TestServer,
} from '../support/test-server';

const LIMITS = { SHIPSHAPE_LAB_MEMORY_MIB: '128', SHIPSHAPE_LAB_PIDS: '64' };
/** The Docker engine's TCP ports (plain and TLS). */
const DOCKER_API_PORTS = [2375, 2376];

/**
 * The platform's server process and the Docker API, tried from a lab started
 * through that very server. The only address tried is the host's side of the
 * lab's own network (its gateway).
 */
describe('reaching the platform and the Docker API from inside a lab', () => {
  let server: TestServer;
  let exposed: TestServer | undefined;
  let workspace: string;
  let gateway: string;

  const port = (s: TestServer) => new URL(s.url).port;
  /** Tries each URL from the workspace at once; resolves with each one's body and curl exit code. */
  const tryFromLab = (urls: string[]): Map<string, string> => {
    const script = urls
      .map((url, i) => `(out=$(curl -s -m 3 ${url}); echo "${i} exit=$? body=$out") &`)
      .join('\n');
    const lines = docker('exec', workspace, 'sh', '-c', `${script}\nwait`).split('\n');
    return new Map(urls.map((url, i) => [url, lines.find((l) => l.startsWith(`${i} `))!]));
  };

  beforeAll(async () => {
    server = await startTestServer(LIMITS);
    const session = await startLabOverApi(apiClient(server.url), 'hello-service');
    expect(session.state).toBe('ready');
    workspace = `shipshape-${session.id}-workspace`;
    gateway = docker(
      'network',
      'inspect',
      '-f',
      '{{(index .IPAM.Config 0).Gateway}}',
      `shipshape-${session.id}`,
    );
  });
  afterAll(async () => {
    await exposed?.stop();
    await server.stop();
  });

  it("finds neither the platform's port nor the Docker API at the host's address", async () => {
    // The platform listens on loopback only: the host itself gets no answer at the gateway.
    expect((await fetch(`${server.url}/`)).status).toBe(200);
    await expect(fetch(`http://${gateway}:${port(server)}/`)).rejects.toThrow();

    const urls = [port(server), ...DOCKER_API_PORTS].map((p) => `http://${gateway}:${p}/version`);
    for (const [url, result] of tryFromLab(urls)) {
      expect(result, url).toMatch(/ exit=(7|28) body=$/);
    }
  });

  it('cannot reach the platform even when it is bound to every address of the host', async () => {
    exposed = await startTestServer(LIMITS, { host: '0.0.0.0' });
    const url = `http://${gateway}:${port(exposed)}/`;
    // Control: the server does answer at that address, from the host itself.
    expect((await fetch(url)).status).toBe(200);
    const [result] = tryFromLab([url]).values();
    expect(result).toMatch(/ exit=(7|28) body=$/);
  });
});
