/** How the instructor view words its numbers. */

export const percent = (share: number | undefined): string =>
  share === undefined ? '–' : `${Math.round(share * 100)}%`;

export const mebibytes = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

/** A duration as people say it: "45 s", "12 min", "2 h 5 min". */
export function duration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** A stored ISO time as a short UTC date and time: the same for every instructor, wherever they are. */
export const when = (iso: string | null): string =>
  iso === null ? 'never' : `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
