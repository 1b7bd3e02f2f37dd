import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createImageCatalog } from '../../src/sandbox/docker/create-docker-sandbox';
import { LABELS } from '../../src/sandbox/labels';
import { docker } from '../support/docker-cli';
import { createTestPlatform, startReady, type TestPlatform } from '../support/test-platform';

interface Inspect {
  Config: { User: string };
  HostConfig: {
    Privileged: boolean;
    CapDrop: string[] | null;
    CapAdd: string[] | null;
    SecurityOpt: string[] | null;
    Memory: number;
    MemorySwap: number;
    PidsLimit: number;
    ReadonlyRootfs: boolean;
    PortBindings: Record<string, unknown> | null;
    NetworkMode: string;
    PidMode: string;
    IpcMode: string;
    Init: boolean;
  };
  Mounts: Array<{ Source: string; Destination: string; RW: boolean }>;
}

describe('a lab sandbox, seen from inside and from the engine', () => {
  let t: TestPlatform;
  let sessionId: string;
  const inspect = (role: string): Inspect =>
    (JSON.parse(docker('inspect', `shipshape-${sessionId}-${role}`)) as Inspect[])[0]!;
  const run = (target: string, cmd: string) =>
    t.platform.driver.exec(sessionId, target, ['sh', '-c', cmd]);

  beforeAll(async () => {
    t = createTestPlatform({ SHIPSHAPE_LAB_MEMORY_MIB: '256', SHIPSHAPE_LAB_PIDS: '128' });
    const owner = t.platform.store.createGuestUser().id;
    sessionId = await startReady(t.platform, owner, 'hello-service');
  });
  afterAll(() => t.dispose());

  it.each(['workspace', 'hello'])(
    'runs %s unprivileged, with every capability dropped',
    async (role) => {
      const status = (await run(role, 'grep -E "^(CapEff|NoNewPrivs)" /proc/self/status; id -u'))
        .stdout;
      expect(status).toMatch(/CapEff:\s+0000000000000000/);
      expect(status).toMatch(/NoNewPrivs:\s+1/);
      expect(Number(status.trim().split('\n').at(-1))).toBeGreaterThan(0);
      const c = inspect(role).HostConfig;
      expect(c).toMatchObject({ Privileged: false, CapDrop: ['ALL'], PidMode: '', Init: true });
      expect(c.SecurityOpt).toContain('no-new-privileges');
      expect(c.CapAdd ?? []).toEqual([]);
    },
  );

  it.each(['workspace', 'hello'])('bounds the memory and process count of %s', (role) => {
    const c = inspect(role).HostConfig;
    expect(c.Memory).toBe(256 * 1024 * 1024);
    expect(c.MemorySwap).toBe(c.Memory);
    expect(c.PidsLimit).toBe(128);
  });

  it('publishes no port on the host and mounts nothing of the host (never the Docker socket)', () => {
    for (const role of ['workspace', 'hello']) {
      const info = inspect(role);
      expect(info.HostConfig.PortBindings ?? {}).toEqual({});
      expect(info.Mounts.every((m) => !m.Source.includes('docker.sock'))).toBe(true);
      expect(info.Mounts.every((m) => m.Source.startsWith('/var/lib/docker/volumes/'))).toBe(true);
    }
  });

  it("gives the service a read-only root and the learner's code read-only", async () => {
    expect(inspect('hello').HostConfig.ReadonlyRootfs).toBe(true);
    const tries = await run(
      'hello',
      'touch /etc/x 2>&1; touch /srv/lab/x 2>&1; touch /tmp/x && echo tmp-ok',
    );
    expect(tries.stdout).toContain('Read-only file system');
    expect(tries.stdout).toContain('tmp-ok');
  });

  it('cannot reach anything outside its own network', async () => {
    const network = JSON.parse(docker('network', 'inspect', `shipshape-${sessionId}`)) as Array<{
      Internal: boolean;
    }>;
    expect(network[0]!.Internal).toBe(true);
    // "Outside" is a server on a network of this test's own, never a real outside address.
    const label = `${LABELS.platform}=${t.config.platformId}`;
    const outside = `shipshape-test-outside-${sessionId}`;
    docker('network', 'create', '--label', label, outside);
    const image = await createImageCatalog(t.config).ensure(
      { kind: 'platform', name: 'workspace' },
      () => undefined,
    );
    docker(
      'run',
      '-d',
      '--label',
      label,
      '--name',
      outside,
      '--network',
      outside,
      image,
      'python3',
      '-m',
      'http.server',
      '8080',
    );
    const ip = docker(
      'inspect',
      outside,
      '--format',
      `{{(index .NetworkSettings.Networks "${outside}").IPAddress}}`,
    );
    await expect
      .poll(async () => (await fetch(`http://${ip}:8080/`).catch(() => undefined))?.status, {
        timeout: 10_000,
      })
      .toBe(200);
    const attempt = await run(
      'workspace',
      `curl -s -o /dev/null -m 3 http://${ip}:8080/; echo "exit=$?"`,
    );
    expect(attempt.stdout).toMatch(/exit=(7|28)/);
  });

  it('cannot reach a service the host exposes on all its addresses', async () => {
    const server = http.createServer((_, res) => res.end('host secret'));
    await new Promise<void>((r) => server.listen(0, '0.0.0.0', r));
    const { port } = server.address() as AddressInfo;
    try {
      const gateway = docker(
        'network',
        'inspect',
        `shipshape-${sessionId}`,
        '--format',
        '{{(index .IPAM.Config 0).Gateway}}',
      );
      // Control: the server does answer on that address, from the host itself.
      expect(await (await fetch(`http://${gateway}:${port}/`)).text()).toBe('host secret');
      const attempt = await run(
        'workspace',
        `curl -s -m 3 http://${gateway}:${port}/; echo "exit=$?"`,
      );
      expect(attempt.stdout).not.toContain('host secret');
      expect(attempt.stdout).toMatch(/exit=(7|28)/);
    } finally {
      server.close();
    }
  });
});
