import type { ContainerUsage } from '../sandbox-driver';

/** The fields of the engine's `GET /containers/{id}/stats?stream=false` answer that usage needs. */
export interface EngineStats {
  cpu_stats: CpuSample;
  precpu_stats: CpuSample;
  memory_stats: {
    usage?: number;
    limit?: number;
    /** cgroup v1 names the droppable page cache `total_inactive_file`, cgroup v2 `inactive_file`. */
    stats?: { total_inactive_file?: number; inactive_file?: number };
  };
}

interface CpuSample {
  cpu_usage: { total_usage: number; percpu_usage?: number[] };
  system_cpu_usage?: number;
  online_cpus?: number;
}

/**
 * One container's CPU and memory from an engine stats sample, computed as
 * `docker stats` does: the container's CPU time over the host's in the
 * sampling interval, times the host's cores (so 100 is one whole core), and
 * memory in use without the inactive page cache the kernel can take back.
 */
export function containerUsage(name: string, stats: EngineStats): ContainerUsage {
  const { cpu_stats: now, precpu_stats: before, memory_stats: memory } = stats;
  const cpuDelta = now.cpu_usage.total_usage - before.cpu_usage.total_usage;
  const systemDelta = (now.system_cpu_usage ?? 0) - (before.system_cpu_usage ?? 0);
  const cores = now.online_cpus || now.cpu_usage.percpu_usage?.length || 1;
  // The first sample of a just-started container has no earlier one: no interval, no share.
  const cpuPercent =
    before.system_cpu_usage && cpuDelta > 0 && systemDelta > 0
      ? (cpuDelta / systemDelta) * cores * 100
      : 0;
  const usage = memory.usage ?? 0;
  const cache = memory.stats?.total_inactive_file ?? memory.stats?.inactive_file ?? 0;
  return {
    name,
    cpuPercent,
    memoryBytes: cache < usage ? usage - cache : usage,
    memoryLimitBytes: memory.limit ?? 0,
  };
}
