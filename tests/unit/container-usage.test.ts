import { describe, expect, it } from 'vitest';
import { containerUsage, type EngineStats } from '../../src/sandbox/docker/container-usage';

/** A stats sample as Docker 20.10 answers it on cgroup v1 (trimmed to the fields used). */
const sample: EngineStats = {
  cpu_stats: {
    cpu_usage: { total_usage: 2_500_000_000, percpu_usage: [1, 1] },
    system_cpu_usage: 120_000_000_000,
    online_cpus: 2,
  },
  precpu_stats: {
    cpu_usage: { total_usage: 2_000_000_000 },
    system_cpu_usage: 118_000_000_000,
    online_cpus: 2,
  },
  memory_stats: {
    usage: 60 * 1024 * 1024,
    limit: 512 * 1024 * 1024,
    stats: { total_inactive_file: 10 * 1024 * 1024 },
  },
};

describe('the resource use of a lab container', () => {
  it('counts CPU as docker stats does: 100% is one whole core', () => {
    // 0.5 s of CPU over 2 s of host time on 2 cores: half of one core.
    expect(containerUsage('hello', sample).cpuPercent).toBeCloseTo(50);
  });

  it('counts memory without the page cache the kernel can take back', () => {
    expect(containerUsage('hello', sample)).toMatchObject({
      name: 'hello',
      memoryBytes: 50 * 1024 * 1024,
      memoryLimitBytes: 512 * 1024 * 1024,
    });
    const v2 = {
      ...sample,
      memory_stats: { usage: 100, limit: 1000, stats: { inactive_file: 40 } },
    };
    expect(containerUsage('hello', v2).memoryBytes).toBe(60);
  });

  it('reports no CPU for a first sample that has no earlier one to compare with', () => {
    const first = {
      ...sample,
      precpu_stats: { cpu_usage: { total_usage: 0 } },
    };
    expect(containerUsage('workspace', first).cpuPercent).toBe(0);
  });
});
