import type { APIRoute } from 'astro';
import { certificatesOf } from '../../../../certificates/certificate-course';
import { handle, json } from '../../../../server/api-response';

/**
 * Public, no sign-in: whether a certificate is valid, revoked, altered
 * (invalid-signature) or unknown, and what it certifies. The signed bytes,
 * the signature and the public key come along, so anyone can check the
 * signature without trusting this server's word.
 */
export const GET: APIRoute = ({ locals, params }) =>
  handle(() => {
    const service = certificatesOf(locals.platform);
    const id = params.id ?? '';
    const v = service.verify(id);
    const key = service.signingKey;
    return json(
      {
        id,
        status: v.status,
        ...(v.certificate ? { payload: v.certificate } : {}),
        ...(v.revoked ? { revoked: v.revoked } : {}),
        ...(v.signature
          ? {
              signature: {
                algorithm: 'Ed25519',
                signedText: v.payloadJson,
                value: v.signature,
                encoding: 'base64url',
                publicKey: key.publicKeyPem,
                keyFingerprint: key.fingerprint,
              },
            }
          : {}),
      },
      v.status === 'not-found' ? 404 : 200,
    );
  });
