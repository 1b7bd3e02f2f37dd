import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import type { Store } from '../store/store';

/** The settings row holding the platform's Ed25519 private key (PKCS#8 PEM). */
export const SIGNING_KEY_SETTING = 'certificate_signing_key';

/**
 * The platform's certificate key: generated on first use and kept in the
 * database's settings (so a backup of the database keeps certificates
 * verifiable). Only the public half ever leaves the server.
 */
export class SigningKey {
  private constructor(
    private readonly privateKey: KeyObject,
    readonly publicKey: KeyObject,
  ) {}

  /** The stored key, or a new one stored now; two processes racing keep the same one. */
  static load(store: Pick<Store, 'getSetting' | 'initSetting'>): SigningKey {
    const pem =
      store.getSetting(SIGNING_KEY_SETTING) ??
      store.initSetting(
        SIGNING_KEY_SETTING,
        generateKeyPairSync('ed25519').privateKey.export({
          type: 'pkcs8',
          format: 'pem',
        }) as string,
      );
    const privateKey = createPrivateKey(pem);
    return new SigningKey(privateKey, createPublicKey(privateKey));
  }

  /** Ed25519 signature of the text's UTF-8 bytes, base64url. */
  sign(text: string): string {
    return sign(null, Buffer.from(text, 'utf8'), this.privateKey).toString('base64url');
  }

  verify(text: string, signature: string): boolean {
    const bytes = Buffer.from(signature, 'base64url');
    // Ed25519 signatures are 64 bytes; anything else is not one of ours.
    if (bytes.length !== 64) return false;
    return verify(null, Buffer.from(text, 'utf8'), this.publicKey, bytes);
  }

  get publicKeyPem(): string {
    return this.publicKey.export({ type: 'spki', format: 'pem' }) as string;
  }

  /** SHA-256 of the public key (SPKI DER), grouped for reading aloud. */
  get fingerprint(): string {
    const der = this.publicKey.export({ type: 'spki', format: 'der' });
    const hex = createHash('sha256').update(der).digest('hex').slice(0, 32);
    return hex.match(/.{4}/g)!.join(' ');
  }
}
