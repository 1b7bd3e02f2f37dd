import fs from 'node:fs';

/** Host CPU counters from /proc/stat (all cores, in ticks): busy = everything but idle and iowait. */
export function procStat(): { busy: number; total: number } {
  const cpu = fs
    .readFileSync('/proc/stat', 'utf8')
    .split('\n')[0]!
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  const total = cpu.reduce((a, b) => a + b, 0);
  return { busy: total - cpu[3]! - cpu[4]!, total };
}
