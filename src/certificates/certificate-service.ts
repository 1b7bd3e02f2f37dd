import { randomBytes } from 'node:crypto';
import { PlatformError } from '../platform-error';
import type { CertificateRecord, Store } from '../store/store';
import { canonicalJson } from './canonical-json';
import { certificateName } from './certificate-name';
import { parsePayload, type CertificatePayload } from './certificate-payload';
import type { CertificateRules } from './certificate-rules';
import {
  certificateEligibility,
  type CourseFacts,
  type Eligibility,
  type LearnerRecord,
} from './eligibility';
import { SigningKey } from './signing-key';

/** The course as certificates see it: its title, its rules, its quizzes and labs. */
export interface CertificateCourse {
  title: string;
  rules: CertificateRules;
  facts: CourseFacts;
}

export type VerificationStatus = 'valid' | 'revoked' | 'invalid-signature' | 'not-found';

/** What anyone holding a verification id may learn about it. */
export interface Verification {
  status: VerificationStatus;
  /** What the certificate certifies: only when the signature holds (valid or revoked). */
  certificate?: CertificatePayload;
  /** The signed bytes and the signature, so anyone can check them with the public key. */
  payloadJson?: string;
  signature?: string;
  revoked?: { at: string; reason: string };
}

type CertificateStore = Pick<
  Store,
  | 'getUser'
  | 'bestQuizScores'
  | 'passedLabs'
  | 'listAssessmentAttempts'
  | 'getSetting'
  | 'initSetting'
  | 'insertCertificate'
  | 'getCertificate'
  | 'listCertificatesOfUser'
  | 'revokeCertificate'
>;

/** 96 random bits in 16 URL-safe characters: unguessable, and short enough to type. */
const newCertificateId = (): string => randomBytes(12).toString('base64url');
const ID_SHAPE = /^[A-Za-z0-9_-]{16}$/;

/**
 * Certificates: who may claim one (the course's rules over the learner's
 * record), issuing it signed with the platform's Ed25519 key, verifying it
 * for anyone, and revoking it.
 */
export class CertificateService {
  private key: SigningKey | undefined;

  constructor(private readonly store: CertificateStore) {}

  /** The platform's key, made on first use. */
  get signingKey(): SigningKey {
    this.key ??= SigningKey.load(this.store);
    return this.key;
  }

  learnerRecord(userId: string): LearnerRecord {
    const submitted = this.store
      .listAssessmentAttempts(userId)
      .filter((a) => a.submittedAt !== null && a.total > 0);
    return {
      hasAccount: this.store.getUser(userId)?.kind === 'account',
      bestQuizScores: this.store.bestQuizScores(userId),
      passedLabs: this.store.passedLabs(userId),
      bestAssessmentScore: submitted.length
        ? Math.max(...submitted.map((a) => a.score! / a.total))
        : undefined,
    };
  }

  eligibility(userId: string, course: CertificateCourse): Eligibility {
    return certificateEligibility(course.rules, this.learnerRecord(userId), course.facts);
  }

  /** The learner's newest certificate (live or revoked), if they ever claimed one. */
  latest(userId: string): CertificateRecord | undefined {
    return this.store.listCertificatesOfUser(userId)[0];
  }

  /**
   * Issues the learner's certificate once every rule is met. Claiming again
   * returns the certificate already issued; a revoked one is not replaced
   * by claiming (an instructor revoked it for a reason).
   */
  claim(userId: string, rawName: unknown, course: CertificateCourse): CertificateRecord {
    const latest = this.latest(userId);
    if (latest && latest.revokedAt === null) return latest;
    if (latest) {
      throw new PlatformError('certificate-not-eligible', 'Your certificate was revoked.', {
        action: 'Ask your instructor why, and whether it can be issued again.',
      });
    }
    const { rules } = this.eligibility(userId, course);
    const missing = rules.filter((r) => !r.met);
    if (missing.some((r) => r.id === 'account')) {
      throw new PlatformError('not-signed-in', 'A certificate is issued to an account.', {
        action: 'Create an account or sign in: what you did as a guest stays yours.',
      });
    }
    if (missing.length > 0) {
      throw new PlatformError(
        'certificate-not-eligible',
        `Not every rule is met yet: ${missing.map((r) => r.label).join('; ')}.`,
        { action: missing[0]!.next?.text ?? 'Open the certificate page to see what is left.' },
      );
    }
    const name = certificateName(rawName);
    const issuedAt = new Date().toISOString();
    const passed = this.store.passedLabs(userId);
    const payload: CertificatePayload = {
      id: newCertificateId(),
      name,
      course: course.title,
      date: issuedAt.slice(0, 10),
      labs: [...course.facts.labTitles]
        .filter(([id]) => passed.has(id))
        .map(([id, title]) => ({ id, title })),
      rulesVersion: course.rules.version,
    };
    const payloadJson = canonicalJson(payload);
    const record = {
      id: payload.id,
      userId,
      payloadJson,
      signature: this.signingKey.sign(payloadJson),
      issuedAt,
    };
    // Another claim of the same learner won the race: theirs is the certificate.
    if (!this.store.insertCertificate(record)) return this.latest(userId)!;
    return { ...record, revokedAt: null, revokeReason: null };
  }

  /**
   * Checks a certificate as a stranger would: the stored payload must be the
   * exact bytes the platform's key signed, and say it is this certificate.
   * A row edited in the database fails here.
   */
  verify(id: string): Verification {
    const row = ID_SHAPE.test(id) ? this.store.getCertificate(id) : undefined;
    if (!row) return { status: 'not-found' };
    const payload = parsePayload(row.payloadJson);
    const authentic =
      payload !== undefined &&
      payload.id === row.id &&
      canonicalJson(payload) === row.payloadJson &&
      this.signingKey.verify(row.payloadJson, row.signature);
    if (!authentic) return { status: 'invalid-signature' };
    const signed = { certificate: payload, payloadJson: row.payloadJson, signature: row.signature };
    if (row.revokedAt !== null) {
      return {
        status: 'revoked',
        ...signed,
        revoked: { at: row.revokedAt, reason: row.revokeReason ?? '' },
      };
    }
    return { status: 'valid', ...signed };
  }

  /** The learner's own certificate, verified; another learner's answers as if it did not exist. */
  ownCertificate(userId: string, id: string): CertificatePayload {
    const row = ID_SHAPE.test(id) ? this.store.getCertificate(id) : undefined;
    if (!row || row.userId !== userId) {
      throw new PlatformError('certificate-not-found', 'You have no certificate with this id.', {
        action: 'Open your certificate from the certificate page.',
      });
    }
    const verification = this.verify(id);
    if (verification.status === 'revoked') {
      throw new PlatformError('certificate-revoked', 'This certificate was revoked.', {
        action: 'Ask your instructor why, and whether it can be issued again.',
      });
    }
    if (verification.status !== 'valid') {
      throw new PlatformError(
        'certificate-invalid',
        'This certificate does not match its signature: its record was altered.',
        { action: 'Tell your instructor; the certificate cannot be printed until it is reissued.' },
      );
    }
    return verification.certificate!;
  }

  /** Revokes a live certificate; the reason is shown on its verification page. */
  revoke(id: string, rawReason: string): boolean {
    const reason = rawReason.replace(/\s+/g, ' ').trim();
    if (!reason) {
      throw new PlatformError('bad-request', 'Give the reason for revoking.', {
        action: 'Add --reason "…": it is shown to anyone who verifies the certificate.',
      });
    }
    return this.store.revokeCertificate(id, reason);
  }
}
