import type { Course } from '../course/course-outline';
import { labTitles, type LabCatalog } from '../labs/lab-catalog';
import type { Platform } from '../server/platform';
import { certificateRules } from './certificate-rules';
import { CertificateService, type CertificateCourse } from './certificate-service';

interface Lesson {
  id: string;
  data: { title: string; quiz?: unknown[] | undefined };
}

/**
 * The course as the certificate rules read it, from course.yaml, the lessons
 * (in course order) and the lab catalogue; undefined when the course issues
 * no certificate.
 */
export function certificateCourse(
  course: Course,
  lessons: Lesson[],
  catalog: LabCatalog,
): CertificateCourse | undefined {
  const rules = certificateRules(course);
  if (!rules) return undefined;
  return {
    title: course.title,
    rules,
    facts: {
      quizLessons: lessons
        .filter((l) => (l.data.quiz?.length ?? 0) > 0)
        .map((l) => ({ id: l.id, title: l.data.title })),
      labTitles: labTitles(catalog),
    },
  };
}

const services = new WeakMap<Platform, CertificateService>();

/** One certificate service per platform, so the signing key is read once. */
export function certificatesOf(platform: Platform): CertificateService {
  let service = services.get(platform);
  if (!service) {
    service = new CertificateService(platform.store);
    services.set(platform, service);
  }
  return service;
}
