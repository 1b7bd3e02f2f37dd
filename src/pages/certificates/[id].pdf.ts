import type { APIRoute } from 'astro';
import { certificatesOf } from '../../certificates/certificate-course';
import { certificatePdf } from '../../certificates/certificate-pdf';
import { verifyUrl } from '../../certificates/certificate-request';
import { handle } from '../../server/api-response';

/** The learner's own certificate as a PDF, made here in Node from the signed payload. */
export const GET: APIRoute = ({ locals, params, request }) =>
  handle(() => {
    const service = certificatesOf(locals.platform);
    const id = params.id ?? '';
    const payload = service.ownCertificate(locals.userId, id);
    const pdf = certificatePdf(
      payload,
      verifyUrl(locals.platform, request, id),
      service.signingKey.fingerprint,
    );
    return new Response(new Uint8Array(pdf), {
      headers: {
        'content-type': 'application/pdf',
        'content-disposition': `inline; filename="shipshape-certificate-${id}.pdf"`,
        'cache-control': 'private, no-store',
      },
    });
  });
