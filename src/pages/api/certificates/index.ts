import type { APIRoute } from 'astro';
import { authError, readAuthRequest, redirect, type AuthRequest } from '../../../auth/auth-http';
import { certificatesOf } from '../../../certificates/certificate-course';
import { currentCertificateCourse, verifyUrl } from '../../../certificates/certificate-request';
import { PlatformError } from '../../../platform-error';
import { handle, json } from '../../../server/api-response';

const noCertificate = () =>
  new PlatformError('certificate-not-found', 'This course issues no certificate.', {
    action: 'Ask your instructor: content/course.yaml has no certificate rules.',
  });

/** The visitor's standing: each rule met or not (with what to do next), and their certificate if issued. */
export const GET: APIRoute = ({ locals, request }) =>
  handle(async () => {
    const course = await currentCertificateCourse(locals.platform);
    if (!course) throw noCertificate();
    const service = certificatesOf(locals.platform);
    const latest = service.latest(locals.userId);
    const verification = latest && service.verify(latest.id);
    return json({
      eligibility: service.eligibility(locals.userId, course),
      certificate: latest
        ? {
            id: latest.id,
            status: verification!.status,
            payload: verification!.certificate,
            verifyUrl: verifyUrl(locals.platform, request, latest.id),
            pdf: `/certificates/${latest.id}.pdf`,
          }
        : null,
    });
  });

/**
 * Claims the certificate with the name to print: from the certificate page's
 * form (303 back to the page) or as JSON (201 with the certificate).
 */
export const POST: APIRoute = async ({ locals, request }) => {
  let parsed: AuthRequest | undefined;
  try {
    parsed = await readAuthRequest(request);
    const course = await currentCertificateCourse(locals.platform);
    if (!course) throw noCertificate();
    const record = certificatesOf(locals.platform).claim(
      locals.userId,
      parsed.fields['name'],
      course,
    );
    if (parsed.fromForm) return redirect('/certificate');
    return json(
      {
        certificate: {
          id: record.id,
          payload: JSON.parse(record.payloadJson) as unknown,
          verifyUrl: verifyUrl(locals.platform, request, record.id),
          pdf: `/certificates/${record.id}.pdf`,
        },
      },
      201,
    );
  } catch (error) {
    // The form comes back with the name as typed.
    const name = typeof parsed?.fields['name'] === 'string' ? parsed.fields['name'] : '';
    return authError(error, parsed, '/certificate', { name });
  }
};
