import type http from 'node:http';
import type { Store } from '../store/store';

/** /lessons/<module>/<slug>, with or without a trailing slash or index.html: a lesson's page. */
const LESSON_PAGE = /^\/lessons\/([a-z0-9-]+\/[a-z0-9-]+)(?:\/|\/index\.html)?$/;

/**
 * The lesson a request reads, if it is a person opening a lesson page: a GET
 * that accepts HTML (a browser navigating, not a script fetching the file)
 * and is not a speculative prefetch, which nobody reads.
 */
export function lessonReadOf(
  req: Pick<http.IncomingMessage, 'method' | 'url' | 'headers'>,
): string | undefined {
  if (req.method !== 'GET') return undefined;
  if (!(req.headers.accept ?? '').includes('text/html')) return undefined;
  const purpose = `${req.headers['sec-purpose'] ?? ''} ${req.headers['purpose'] ?? ''}`;
  if (purpose.includes('prefetch')) return undefined;
  let pathname: string;
  try {
    pathname = new URL(req.url ?? '/', 'http://x').pathname;
  } catch {
    return undefined;
  }
  return LESSON_PAGE.exec(pathname)?.[1];
}

/**
 * Lesson pages are prerendered files no page code runs for, so the server
 * notes the read when it has served one. Call it only after the file was
 * served, so that a URL with no lesson behind it records nothing. A failure to
 * record must never cost the learner the page they already received.
 */
export function recordLessonRead(
  store: Pick<Store, 'recordLessonRead'>,
  userId: string,
  req: Pick<http.IncomingMessage, 'method' | 'url' | 'headers'>,
): void {
  const lessonId = lessonReadOf(req);
  if (lessonId === undefined) return;
  try {
    store.recordLessonRead(userId, lessonId);
  } catch (error) {
    console.error(`[progress] could not record a read of ${lessonId}:`, error);
  }
}
