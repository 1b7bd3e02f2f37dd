import { getCollection } from 'astro:content';
import { expectedOrigin } from '../auth/same-origin';
import { courseOrder, loadCourse } from '../course/course-outline';
import type { Platform } from '../server/platform';
import { certificateCourse } from './certificate-course';
import type { CertificateCourse } from './certificate-service';

/** The certificate view of the course for a page or endpoint (read per request: lessons may change). */
export async function currentCertificateCourse(
  platform: Platform,
): Promise<CertificateCourse | undefined> {
  const lessons = await courseOrder(await getCollection('lessons'));
  return certificateCourse(loadCourse(), lessons, platform.catalog);
}

/**
 * The public address of a certificate's verification page. Astro sees every
 * request as addressed to localhost (see docs/architecture.md), so the origin
 * comes from the configured public origin or the Host header.
 */
export function verifyUrl(platform: Platform, request: Request, id: string): string {
  return `${expectedOrigin(request.headers.get('host'), platform.config.publicOrigin)}/verify/${id}`;
}
