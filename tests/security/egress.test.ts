import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BRIDGE_PREFIX } from '../../src/sandbox/labels';
import { docker } from '../support/docker-cli';
import { startLab, type RunningLab } from '../support/running-lab';
import { createTestPlatform, type TestPlatform } from '../support/test-platform';

/**
 * Egress is asserted from configuration only: the engine's network settings
 * and the host's firewall. No packet is sent to, and no name looked up of,
 * anything outside this machine.
 */
describe('a lab session network, seen from the engine and the host firewall', () => {
  let t: TestPlatform;
  let lab: RunningLab;
  let bridge: string;
  let subnet: string;
  const iptables = (...args: string[]): string[] =>
    execFileSync('iptables', ['-w', '5', ...args], { encoding: 'utf8' })
      .trim()
      .split('\n');

  beforeAll(async () => {
    t = createTestPlatform({ SHIPSHAPE_LAB_MEMORY_MIB: '128', SHIPSHAPE_LAB_PIDS: '64' });
    lab = await startLab(t);
    const network = `shipshape-${lab.sessionId}`;
    bridge = docker(
      'network',
      'inspect',
      '-f',
      '{{index .Options "com.docker.network.bridge.name"}}',
      network,
    );
    subnet = docker('network', 'inspect', '-f', '{{(index .IPAM.Config 0).Subnet}}', network);
  });
  afterAll(() => t.dispose());

  it('is internal: the engine gives it no way out', () => {
    const network = `shipshape-${lab.sessionId}`;
    expect(docker('network', 'inspect', '-f', '{{.Internal}} {{.Driver}}', network)).toBe(
      'true bridge',
    );
    // Docker enforces "internal" with these two rules: nothing leaves the
    // subnet through the bridge, nothing from elsewhere enters it.
    const isolation = iptables('-S', 'DOCKER-ISOLATION-STAGE-1');
    expect(isolation).toContain(`-A DOCKER-ISOLATION-STAGE-1 ! -d ${subnet} -i ${bridge} -j DROP`);
    expect(isolation).toContain(`-A DOCKER-ISOLATION-STAGE-1 ! -s ${subnet} -o ${bridge} -j DROP`);
    // No masquerading (NAT to the outside) for the lab's subnet.
    expect(iptables('-t', 'nat', '-S').filter((rule) => rule.includes(subnet))).toEqual([]);
  });

  it('runs on a bridge named with the lab prefix that the host firewall rule covers', () => {
    expect(bridge.startsWith(BRIDGE_PREFIX)).toBe(true);
    expect(bridge.length).toBeLessThanOrEqual(15); // Linux's limit on interface names
    execFileSync('ip', ['link', 'show', bridge]); // the interface really carries that name
  });

  it('cannot open connections to the host: its firewall drops new ones from lab bridges', () => {
    const rules = iptables('-S', 'INPUT');
    const drop = rules.findIndex((rule) =>
      /^-A INPUT -i (\S+)\+ -m conntrack --ctstate (NEW,INVALID|INVALID,NEW) -j DROP$/.test(rule),
    );
    expect(drop, `no lab-bridge drop rule in:\n${rules.join('\n')}`).toBeGreaterThan(-1);
    // `-i ssbr+` matches every interface whose name starts with `ssbr`: this lab's bridge too.
    const matched = /-i (\S+)\+/.exec(rules[drop]!)![1]!;
    expect(bridge.startsWith(matched)).toBe(true);
    // Nothing earlier in the chain lets such traffic through first.
    const earlierAccepts = rules.slice(0, drop).filter((rule) => rule.includes('-j ACCEPT'));
    expect(earlierAccepts).toEqual([]);
  });
});
