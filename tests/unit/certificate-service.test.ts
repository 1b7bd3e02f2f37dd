import { generateKeyPairSync, sign, verify } from 'node:crypto';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/certificates/canonical-json';
import {
  CertificateService,
  type CertificateCourse,
} from '../../src/certificates/certificate-service';
import { SIGNING_KEY_SETTING } from '../../src/certificates/signing-key';
import type { Store } from '../../src/store/store';
import { useTempStore } from './fakes/temp-store';

const db = useTempStore();

const course: CertificateCourse = {
  title: 'Building Things',
  rules: {
    requiredLabs: ['hello-service'],
    quizAverageAtLeast: 0.8,
    finalAssessment: true,
    assessmentPassMark: 0.8,
    version: 'rules-test',
  },
  facts: {
    quizLessons: [
      { id: 'basics/one', title: 'One' },
      { id: 'basics/two', title: 'Two' },
    ],
    labTitles: new Map([
      ['hello-service', 'Hello, service'],
      ['saga', 'Saga'],
      ['zebra', 'Zebra'],
    ]),
  },
};

/** A learner with an account who did what the rules ask: both quizzes, the lab, the assessment. */
function qualifiedLearner(store: Store, email = 'ada@example.org'): string {
  const { id } = store.createAccount(email, 'not-a-real-hash', 'learner');
  store.recordQuizAttempt(id, 'basics/one', 4, 4, []);
  store.recordQuizAttempt(id, 'basics/two', 3, 4, []);
  store.recordQuizAttempt(id, 'basics/two', 4, 4, []);
  for (const [lab, passed] of [
    ['hello-service', true],
    ['saga', true],
    ['zebra', false],
  ] as const) {
    const session = store.insertLabSession(id, lab, null);
    store.insertGrade({
      sessionId: session.id,
      userId: id,
      labId: lab,
      gradable: true,
      score: passed ? 4 : 2,
      maxScore: 4,
      passed,
      result: {},
    });
  }
  const attempt = store.createAssessmentAttempt(id, [{ lesson: 'basics/one', index: 0 }]);
  store.submitAssessmentAttempt(attempt.id, 1, [[0]]);
  return id;
}

describe('claiming a certificate', () => {
  it('issues one signed certificate with the name, course, date, labs passed and rules', () => {
    const store = db.open();
    const service = new CertificateService(store);
    const learner = qualifiedLearner(store);
    const record = service.claim(learner, '  Ada   Lovelace ', course);

    expect(record.id).toMatch(/^[A-Za-z0-9_-]{16}$/);
    const payload = JSON.parse(record.payloadJson) as Record<string, unknown>;
    expect(payload).toEqual({
      id: record.id,
      name: 'Ada Lovelace',
      course: 'Building Things',
      date: new Date().toISOString().slice(0, 10),
      labs: [
        { id: 'hello-service', title: 'Hello, service' },
        { id: 'saga', title: 'Saga' },
      ],
      rulesVersion: 'rules-test',
    });
    expect(record.payloadJson).toBe(canonicalJson(payload));
    // Anyone with the public key can check the signature over the stored bytes.
    expect(
      verify(
        null,
        Buffer.from(record.payloadJson),
        service.signingKey.publicKey,
        Buffer.from(record.signature, 'base64url'),
      ),
    ).toBe(true);
    expect(service.verify(record.id)).toMatchObject({ status: 'valid', certificate: payload });
  });

  it('gives the same certificate back on a second claim', () => {
    const store = db.open();
    const service = new CertificateService(store);
    const learner = qualifiedLearner(store);
    const first = service.claim(learner, 'Ada Lovelace', course);
    expect(service.claim(learner, 'Someone Else', course).id).toBe(first.id);
    expect(store.listCertificatesOfUser(learner)).toHaveLength(1);
  });

  it('refuses a guest, and a learner who has not met every rule, saying what is missing', () => {
    const store = db.open();
    const service = new CertificateService(store);
    const guest = store.createGuestUser().id;
    expect(() => service.claim(guest, 'Guest', course)).toThrow(
      expect.objectContaining({ kind: 'not-signed-in', status: 401 }),
    );
    const { id } = store.createAccount('new@example.org', 'x', 'learner');
    expect(() => service.claim(id, 'New Learner', course)).toThrow(
      expect.objectContaining({
        kind: 'certificate-not-eligible',
        message: expect.stringContaining('Pass the lab “Hello, service”'),
      }),
    );
    expect(store.listCertificatesOfUser(id)).toEqual([]);
  });

  it('refuses a name the certificate font cannot print, or none', () => {
    const store = db.open();
    const service = new CertificateService(store);
    const learner = qualifiedLearner(store);
    for (const name of ['   ', '李小龍', 'x'.repeat(81)]) {
      expect(() => service.claim(learner, name, course), name).toThrow(
        expect.objectContaining({ kind: 'invalid-certificate-name' }),
      );
    }
    expect(
      JSON.parse(service.claim(learner, 'Søren Ørsted-Müller', course).payloadJson),
    ).toMatchObject({
      name: 'Søren Ørsted-Müller',
    });
  });
});

describe('verifying a certificate', () => {
  it('answers not-found for an id never issued', () => {
    const service = new CertificateService(db.open());
    expect(service.verify('AAAAAAAAAAAAAAAA')).toEqual({ status: 'not-found' });
    expect(service.verify('../../etc/passwd')).toEqual({ status: 'not-found' });
  });

  it('shows a revoked certificate as revoked, with the reason, and keeps it from being claimed again', () => {
    const store = db.open();
    const service = new CertificateService(store);
    const learner = qualifiedLearner(store);
    const { id } = service.claim(learner, 'Ada Lovelace', course);
    expect(service.revoke(id, 'Lab work was copied')).toBe(true);
    expect(service.revoke(id, 'again')).toBe(false);
    expect(service.verify(id)).toMatchObject({
      status: 'revoked',
      certificate: { name: 'Ada Lovelace' },
      revoked: { reason: 'Lab work was copied', at: expect.any(String) },
    });
    expect(() => service.claim(learner, 'Ada Lovelace', course)).toThrow(
      expect.objectContaining({
        kind: 'certificate-not-eligible',
        message: 'Your certificate was revoked.',
      }),
    );
    expect(() => service.revoke(id, '   ')).toThrow(
      expect.objectContaining({ kind: 'bad-request' }),
    );
  });

  it('shows a certificate whose stored payload or signature was edited as invalid-signature', () => {
    const store = db.open();
    const service = new CertificateService(store);
    const { id, payloadJson, signature } = service.claim(
      qualifiedLearner(store),
      'Ada Lovelace',
      course,
    );
    const sqlite = new Database(db.file());
    const set = (column: string, value: string) =>
      sqlite.prepare(`UPDATE certificates SET ${column} = ? WHERE id = ?`).run(value, id);
    try {
      set('payload_json', payloadJson.replace('Ada Lovelace', 'Eve Mallory'));
      expect(service.verify(id)).toEqual({ status: 'invalid-signature' });
      // Same content, other spelling: only the exact signed bytes count.
      set('payload_json', JSON.stringify(JSON.parse(payloadJson), null, 1));
      expect(service.verify(id).status).toBe('invalid-signature');
      set('payload_json', payloadJson);
      expect(service.verify(id).status).toBe('valid');
      // A signature made with another key over the same bytes.
      const stranger = generateKeyPairSync('ed25519').privateKey;
      set('signature', sign(null, Buffer.from(payloadJson), stranger).toString('base64url'));
      expect(service.verify(id).status).toBe('invalid-signature');
      set('signature', signature.slice(0, -4));
      expect(service.verify(id).status).toBe('invalid-signature');
    } finally {
      sqlite.close();
    }
  });
});

describe('the signing key', () => {
  it('is made once and kept in the settings, so a restarted platform verifies what it issued', () => {
    const first = db.open();
    const issued = new CertificateService(first).claim(
      qualifiedLearner(first),
      'Ada Lovelace',
      course,
    );
    const pem = first.getSetting(SIGNING_KEY_SETTING);
    expect(pem).toMatch(/^-----BEGIN PRIVATE KEY-----/);

    const restarted = new CertificateService(db.open());
    expect(restarted.verify(issued.id).status).toBe('valid');
    expect(restarted.signingKey.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    expect(restarted.signingKey.fingerprint).toMatch(/^([0-9a-f]{4} ){7}[0-9a-f]{4}$/);
  });
});
