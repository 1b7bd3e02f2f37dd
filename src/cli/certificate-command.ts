import path from 'node:path';
import { CertificateService } from '../certificates/certificate-service';
import type { Config } from '../config';
import { Store } from '../store/store';

export const CERTIFICATE_HELP = `  shipshape certificate revoke <id> --reason "…"
                             revoke a certificate: its public page then says so, and why
  shipshape certificate show <id>   verify a certificate and print what it certifies
`;

/** `shipshape certificate …`: certificates managed by an administrator on the server's own database. */
export async function certificateCommand(config: Config, args: string[]): Promise<number> {
  const [action, id, ...options] = args;
  if (!action || !id || !['revoke', 'show'].includes(action)) {
    console.error(`Usage:\n${CERTIFICATE_HELP}`);
    return 2;
  }
  const store = new Store(path.join(config.dataDir, 'shipshape.db'));
  try {
    const certificates = new CertificateService(store);
    const before = certificates.verify(id);
    if (before.status === 'not-found') {
      console.error(`No certificate ${id} in ${config.dataDir}.`);
      return 1;
    }
    if (action === 'show') {
      console.log(`${id}: ${before.status}`);
      if (before.certificate) console.log(JSON.stringify(before.certificate, null, 2));
      if (before.revoked) console.log(`revoked ${before.revoked.at}: ${before.revoked.reason}`);
      return before.status === 'valid' ? 0 : 1;
    }
    const reasonAt = options.indexOf('--reason');
    const reason = reasonAt === -1 ? '' : (options[reasonAt + 1] ?? '');
    if (!certificates.revoke(id, reason)) {
      console.error(`Certificate ${id} was already revoked.`);
      return 1;
    }
    console.log(`Revoked certificate ${id}: ${reason.trim()}`);
    console.log('Its verification page now shows it as revoked, with this reason.');
    return 0;
  } finally {
    store.close();
  }
}
