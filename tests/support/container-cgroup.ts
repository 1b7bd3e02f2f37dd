import fs from 'node:fs';
import { docker } from './docker-cli';

export interface ContainerCgroup {
  /** Processes (and zombies) the container holds now. */
  pids(): number;
  /** Processes the kernel's OOM killer has ended inside the container. */
  oomKills(): number;
}

/**
 * Reads a container's cgroup from the host, so a test can watch a container
 * that is too busy (or too full) to answer an exec. Handles the cgroupfs
 * driver on cgroup v1 (`/sys/fs/cgroup/<controller>/docker/<id>`) and v2
 * (`/sys/fs/cgroup/docker/<id>` or `system.slice/docker-<id>.scope`).
 */
export function containerCgroup(container: string): ContainerCgroup {
  const id = docker('inspect', '-f', '{{.Id}}', container);
  const find = (controller: string, file: string): string => {
    const candidates = [
      `/sys/fs/cgroup/${controller}/docker/${id}/${file}`,
      `/sys/fs/cgroup/${controller}/system.slice/docker-${id}.scope/${file}`,
      `/sys/fs/cgroup/docker/${id}/${file}`,
      `/sys/fs/cgroup/system.slice/docker-${id}.scope/${file}`,
    ];
    const found = candidates.find((f) => fs.existsSync(f));
    if (!found) throw new Error(`no cgroup file for ${container}: looked at ${candidates}`);
    return found;
  };
  const pidsFile = find('pids', 'pids.current');
  let oomFile: string;
  try {
    oomFile = find('memory', 'memory.oom_control'); // v1: "oom_kill N"
  } catch {
    oomFile = find('memory', 'memory.events'); // v2: "oom_kill N"
  }
  return {
    pids: () => Number(fs.readFileSync(pidsFile, 'utf8').trim()),
    oomKills: () => Number(/^oom_kill (\d+)$/m.exec(fs.readFileSync(oomFile, 'utf8'))?.[1] ?? NaN),
  };
}
