import os from 'node:os';

/** Nearest-rank quantile: with 7 samples, p50 is the 4th smallest and p95 the largest. */
export function quantile(samples: number[], q: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)]!;
}

export const median = (samples: number[]): number => quantile(samples, 0.5);

/** `850 ms`, `2.35 s`, `41.2 s`; a dash for no figure. */
export function formatMs(ms: number): string {
  if (Number.isNaN(ms)) return '—';
  if (ms >= 10_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  return `${ms.toFixed(0)} ms`;
}

/** Bytes in KiB, as browser dev tools and Lighthouse show transfer sizes. */
export function formatKiB(bytes: number): string {
  return bytes < 1024 * 10
    ? `${(bytes / 1024).toFixed(1)} KiB`
    : `${(bytes / 1024).toFixed(0)} KiB`;
}

/** Plain text columns: the first left-aligned, the others right-aligned, each as wide as needed. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), '-'.repeat(line(header).length), ...rows.map(line)].join('\n');
}

/** The 1, 5 and 15 minute load averages: on a shared host, what every timing must be read beside. */
export function loadAverage(): string {
  return os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
}

export const passOrMiss = (ok: boolean): string => (ok ? 'PASS' : 'MISS');
