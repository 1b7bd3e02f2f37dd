import { randomBytes } from 'node:crypto';
import { openDatabase, type SqliteDatabase } from './open-database';

export type LabSessionState = 'queued' | 'starting' | 'ready' | 'failed' | 'ended';

export type Role = 'learner' | 'instructor' | 'admin';

export interface UserRecord {
  id: string;
  kind: 'guest' | 'account';
  createdAt: string;
  /** Normalised (trimmed, lower-case); null for a guest. */
  email: string | null;
  role: Role;
}

/** An account with what signing in needs. */
export interface AccountRecord extends UserRecord {
  kind: 'account';
  email: string;
  passwordHash: string;
}

export interface AuthSessionRecord {
  idHash: string;
  userId: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
}

export interface LabSessionRecord {
  id: string;
  /** null while the environment waits in the warm pool for a learner. */
  userId: string | null;
  labId: string;
  state: LabSessionState;
  error: string | null;
  createdAt: string;
  endedAt: string | null;
  /** When the session ends whatever happens (set once a learner owns it). */
  expiresAt: string | null;
  lastActiveAt: string;
}

export interface GradeRecord {
  id: string;
  sessionId: string;
  userId: string;
  labId: string;
  gradable: boolean;
  score: number;
  maxScore: number;
  passed: boolean;
  result: unknown;
  createdAt: string;
}

export interface AttemptRecord {
  id: string;
  sessionId: string;
  score: number;
  maxScore: number;
  passed: boolean;
  gradable: boolean;
  createdAt: string;
}

export interface LessonReadRecord {
  lessonId: string;
  readAt: string;
}

export interface QuizAttemptRecord {
  lessonId: string;
  score: number;
  total: number;
  createdAt: string;
}

/** One question of the final assessment: which lesson's quiz, which of its questions. */
export interface QuestionRef {
  lesson: string;
  index: number;
}

export interface AssessmentAttemptRecord {
  id: string;
  userId: string;
  questions: QuestionRef[];
  total: number;
  createdAt: string;
  /** null while the attempt is open. */
  submittedAt: string | null;
  score: number | null;
}

/** A learner as the instructor view lists them. */
export interface LearnerActivityRecord {
  id: string;
  kind: 'guest' | 'account';
  email: string | null;
  createdAt: string;
  /** The latest quiz, grading, assessment or lab activity; null when there is none. */
  lastActiveAt: string | null;
}

/** One graded attempt, without its result body: what the instructor view counts. */
export interface GradeOutcomeRecord {
  id: string;
  sessionId: string;
  userId: string;
  labId: string;
  gradable: boolean;
  score: number;
  maxScore: number;
  passed: boolean;
  createdAt: string;
  /** Ids of the checks the attempt failed (the learner's failures, not grader errors). */
  failedChecks: string[];
}

/** An issued certificate: the payload as it was signed, its signature, and any revocation. */
export interface CertificateRecord {
  id: string;
  userId: string;
  /** Canonical JSON, byte for byte what was signed. */
  payloadJson: string;
  /** Ed25519 signature of payloadJson, base64url. */
  signature: string;
  issuedAt: string;
  revokedAt: string | null;
  revokeReason: string | null;
}

export function newId(bytes = 8): string {
  return randomBytes(bytes).toString('hex');
}

const now = (): string => new Date().toISOString();

/** The platform's persistent state. The only module that speaks SQL. */
export class Store {
  private readonly db: SqliteDatabase;

  constructor(file: string) {
    this.db = openDatabase(file);
  }

  close(): void {
    this.db.close();
  }

  getSetting(key: string): string | undefined {
    const row = this.db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as
      { value: string } | undefined;
    return row?.value;
  }

  /** Stores `value` unless the key is already set; returns the value that won. */
  initSetting(key: string, value: string): string {
    this.db.prepare('INSERT OR IGNORE INTO settings (key, value) VALUES (?, ?)').run(key, value);
    return this.getSetting(key)!;
  }

  createGuestUser(): UserRecord {
    const user: UserRecord = {
      id: newId(),
      kind: 'guest',
      createdAt: now(),
      email: null,
      role: 'learner',
    };
    this.db
      .prepare('INSERT INTO users (id, kind, created_at) VALUES (?, ?, ?)')
      .run(user.id, user.kind, user.createdAt);
    return user;
  }

  getUser(id: string): UserRecord | undefined {
    return this.db.prepare(`SELECT ${USER_COLUMNS} FROM users WHERE id = ?`).get(id) as
      UserRecord | undefined;
  }

  getAccountByEmail(email: string): AccountRecord | undefined {
    return this.db
      .prepare(
        `SELECT ${USER_COLUMNS}, password_hash AS passwordHash FROM users
         WHERE email = ? AND kind = 'account'`,
      )
      .get(email) as AccountRecord | undefined;
  }

  getAccount(id: string): AccountRecord | undefined {
    return this.db
      .prepare(
        `SELECT ${USER_COLUMNS}, password_hash AS passwordHash FROM users
         WHERE id = ? AND kind = 'account'`,
      )
      .get(id) as AccountRecord | undefined;
  }

  /**
   * Turns a guest into an account in place: same id, so everything the guest
   * did stays theirs. False when the user is not a guest (any more).
   * Throws the driver's SQLITE_CONSTRAINT_UNIQUE when the email is taken.
   */
  upgradeGuestToAccount(userId: string, email: string, passwordHash: string): boolean {
    const result = this.db
      .prepare(
        `UPDATE users SET kind = 'account', email = ?, password_hash = ?
         WHERE id = ? AND kind = 'guest'`,
      )
      .run(email, passwordHash, userId);
    return result.changes === 1;
  }

  /** A new account that never was a guest (created by an administrator). */
  createAccount(email: string, passwordHash: string, role: Role): AccountRecord {
    const account: AccountRecord = {
      id: newId(),
      kind: 'account',
      createdAt: now(),
      email,
      role,
      passwordHash,
    };
    this.db
      .prepare(
        `INSERT INTO users (id, kind, created_at, email, password_hash, role)
         VALUES (@id, @kind, @createdAt, @email, @passwordHash, @role)`,
      )
      .run(account);
    return account;
  }

  setPasswordHash(userId: string, passwordHash: string): void {
    this.db.prepare('UPDATE users SET password_hash = ? WHERE id = ?').run(passwordHash, userId);
  }

  setRole(userId: string, role: Role): void {
    this.db.prepare('UPDATE users SET role = ? WHERE id = ?').run(role, userId);
  }

  /**
   * Gives everything one user did (quiz and assessment attempts, lab sessions
   * and their grades) to another, then removes the first: a guest who signs
   * into an existing account brings their progress along.
   */
  mergeUserInto(fromUserId: string, intoUserId: string): void {
    this.db.transaction(() => {
      for (const table of [
        'quiz_attempts',
        'assessment_attempts',
        'lab_sessions',
        'grades',
        'lesson_reads',
      ]) {
        this.db
          .prepare(`UPDATE ${table} SET user_id = ? WHERE user_id = ?`)
          .run(intoUserId, fromUserId);
      }
      this.db.prepare('DELETE FROM auth_sessions WHERE user_id = ?').run(fromUserId);
      this.db.prepare('DELETE FROM password_resets WHERE user_id = ?').run(fromUserId);
      this.db.prepare(`DELETE FROM users WHERE id = ? AND kind = 'guest'`).run(fromUserId);
    })();
  }

  insertAuthSession(idHash: string, userId: string, expiresAt: string): AuthSessionRecord {
    const at = now();
    const record: AuthSessionRecord = { idHash, userId, createdAt: at, lastSeenAt: at, expiresAt };
    this.db
      .prepare(
        `INSERT INTO auth_sessions (id_hash, user_id, created_at, last_seen_at, expires_at)
         VALUES (@idHash, @userId, @createdAt, @lastSeenAt, @expiresAt)`,
      )
      .run(record);
    return record;
  }

  /** The session with this hash, unless it has expired. */
  getLiveAuthSession(idHash: string): AuthSessionRecord | undefined {
    return this.db
      .prepare(
        `SELECT id_hash AS idHash, user_id AS userId, created_at AS createdAt,
                last_seen_at AS lastSeenAt, expires_at AS expiresAt
         FROM auth_sessions WHERE id_hash = ? AND expires_at > ?`,
      )
      .get(idHash, now()) as AuthSessionRecord | undefined;
  }

  touchAuthSession(idHash: string): void {
    this.db
      .prepare('UPDATE auth_sessions SET last_seen_at = ? WHERE id_hash = ?')
      .run(now(), idHash);
  }

  deleteAuthSession(idHash: string): void {
    this.db.prepare('DELETE FROM auth_sessions WHERE id_hash = ?').run(idHash);
  }

  /** Ends every session of the user but `keepIdHash` (if given); returns how many ended. */
  deleteAuthSessionsOfUser(userId: string, keepIdHash?: string): number {
    return this.db
      .prepare('DELETE FROM auth_sessions WHERE user_id = ? AND id_hash IS NOT ?')
      .run(userId, keepIdHash ?? null).changes;
  }

  /** Sessions past their expiry are of no use to anyone: removed by housekeeping. */
  deleteExpiredAuthSessions(): number {
    return this.db.prepare('DELETE FROM auth_sessions WHERE expires_at <= ?').run(now()).changes;
  }

  insertPasswordReset(tokenHash: string, userId: string, expiresAt: string): void {
    this.db
      .prepare(
        `INSERT INTO password_resets (token_hash, user_id, created_at, expires_at)
         VALUES (?, ?, ?, ?)`,
      )
      .run(tokenHash, userId, now(), expiresAt);
  }

  /** The user of an unused, unexpired reset token, without using it up. */
  peekPasswordReset(tokenHash: string): string | undefined {
    const row = this.db
      .prepare(
        `SELECT user_id AS userId FROM password_resets
         WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?`,
      )
      .get(tokenHash, now()) as { userId: string } | undefined;
    return row?.userId;
  }

  /**
   * Marks an unused, unexpired reset token used and returns its user; undefined
   * for a token that is unknown, expired or already used. One statement, so a
   * token works once even when two requests race.
   */
  consumePasswordReset(tokenHash: string): string | undefined {
    const at = now();
    const row = this.db
      .prepare(
        `UPDATE password_resets SET used_at = ?
         WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?
         RETURNING user_id AS userId`,
      )
      .get(at, tokenHash, at) as { userId: string } | undefined;
    return row?.userId;
  }

  insertLabSession(
    userId: string | null,
    labId: string,
    expiresAt: string | null,
    state: LabSessionState = 'queued',
  ): LabSessionRecord {
    const at = now();
    const record: LabSessionRecord = {
      id: newId(),
      userId,
      labId,
      state,
      error: null,
      createdAt: at,
      endedAt: null,
      expiresAt,
      lastActiveAt: at,
    };
    this.db
      .prepare(
        `INSERT INTO lab_sessions (id, user_id, lab_id, state, created_at, expires_at, last_active_at)
         VALUES (@id, @userId, @labId, @state, @createdAt, @expiresAt, @lastActiveAt)`,
      )
      .run(record);
    return record;
  }

  setLabSessionState(id: string, state: LabSessionState, error: string | null = null): void {
    const endedAt = state === 'ended' || state === 'failed' ? now() : null;
    this.db
      .prepare('UPDATE lab_sessions SET state = ?, error = ?, ended_at = ? WHERE id = ?')
      .run(state, error, endedAt, id);
  }

  /**
   * Hands a ready warm-pool environment of the lab to a user, or returns
   * undefined when the pool is empty. One statement, so two learners never get the same one.
   */
  claimPooledSession(
    labId: string,
    userId: string,
    expiresAt: string,
  ): LabSessionRecord | undefined {
    const at = now();
    return this.db
      .prepare(
        `UPDATE lab_sessions SET user_id = ?, created_at = ?, last_active_at = ?, expires_at = ?
         WHERE id = (SELECT id FROM lab_sessions
                     WHERE lab_id = ? AND user_id IS NULL AND state = 'ready'
                     ORDER BY created_at LIMIT 1)
         RETURNING ${SESSION_COLUMNS}`,
      )
      .get(userId, at, at, expiresAt, labId) as LabSessionRecord | undefined;
  }

  /** Records learner activity (terminal input, grading, a page visit) for the idle timeout. */
  touchLabSession(id: string): void {
    this.db.prepare('UPDATE lab_sessions SET last_active_at = ? WHERE id = ?').run(now(), id);
  }

  getLabSession(id: string): LabSessionRecord | undefined {
    return this.db.prepare(`${SELECT_SESSION} WHERE id = ?`).get(id) as
      LabSessionRecord | undefined;
  }

  /**
   * Sessions that hold, or are getting, an environment, newest first: a user's,
   * or with no argument everyone's and the warm pool's.
   */
  listLiveLabSessions(userId?: string): LabSessionRecord[] {
    const live = `state IN ('queued', 'starting', 'ready')`;
    const order = 'ORDER BY created_at DESC, rowid DESC';
    return (
      userId === undefined
        ? this.db.prepare(`${SELECT_SESSION} WHERE ${live} ${order}`).all()
        : this.db.prepare(`${SELECT_SESSION} WHERE user_id = ? AND ${live} ${order}`).all(userId)
    ) as LabSessionRecord[];
  }

  /** Journals a fault before it is applied; returns its id for `markFaultRestored`. */
  recordFault(sessionId: string, service: string, kind: string): string {
    const id = newId();
    this.db
      .prepare(
        'INSERT INTO faults (id, session_id, service, kind, applied_at) VALUES (?, ?, ?, ?, ?)',
      )
      .run(id, sessionId, service, kind, now());
    return id;
  }

  markFaultRestored(id: string): void {
    this.db.prepare('UPDATE faults SET restored_at = ? WHERE id = ?').run(now(), id);
  }

  /** Faults never undone (the platform died mid-check), oldest first. */
  listUnrestoredFaults(): Array<{ id: string; sessionId: string; service: string; kind: string }> {
    return this.db
      .prepare(
        `SELECT id, session_id AS sessionId, service, kind FROM faults
         WHERE restored_at IS NULL ORDER BY applied_at, rowid`,
      )
      .all() as Array<{ id: string; sessionId: string; service: string; kind: string }>;
  }

  insertGrade(grade: Omit<GradeRecord, 'id' | 'createdAt'>): GradeRecord {
    const record: GradeRecord = { ...grade, id: newId(), createdAt: now() };
    this.db
      .prepare(
        `INSERT INTO grades (id, session_id, user_id, lab_id, gradable, score, max_score, passed,
                             result_json, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        record.id,
        record.sessionId,
        record.userId,
        record.labId,
        record.gradable ? 1 : 0,
        record.score,
        record.maxScore,
        record.passed ? 1 : 0,
        JSON.stringify(record.result),
        record.createdAt,
      );
    return record;
  }

  /** A user's graded attempts at a lab over all their sessions, newest first (no result bodies). */
  listAttempts(userId: string, labId: string, limit = 20): AttemptRecord[] {
    const rows = this.db
      .prepare(
        `SELECT id, session_id AS sessionId, score, max_score AS maxScore, passed, gradable, created_at AS createdAt
         FROM grades WHERE user_id = ? AND lab_id = ? ORDER BY created_at DESC, rowid DESC LIMIT ?`,
      )
      .all(userId, labId, limit) as Array<
      Omit<AttemptRecord, 'passed' | 'gradable'> & { passed: number; gradable: number }
    >;
    return rows.map((r) => ({ ...r, passed: r.passed === 1, gradable: r.gradable === 1 }));
  }

  recordQuizAttempt(
    userId: string,
    lessonId: string,
    score: number,
    total: number,
    answers: number[][],
  ): void {
    this.db
      .prepare(
        `INSERT INTO quiz_attempts (id, user_id, lesson_id, score, total, answers_json, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(newId(), userId, lessonId, score, total, JSON.stringify(answers), now());
  }

  /** The user's best quiz score per lesson, as a share of its questions. */
  bestQuizScores(userId: string): Map<string, number> {
    const rows = this.db
      .prepare(
        `SELECT lesson_id AS lessonId, MAX(CAST(score AS REAL) / total) AS best
         FROM quiz_attempts WHERE user_id = ? GROUP BY lesson_id`,
      )
      .all(userId) as Array<{ lessonId: string; best: number }>;
    return new Map(rows.map((r) => [r.lessonId, r.best]));
  }

  /** Labs the user has passed at least once. */
  passedLabs(userId: string): Set<string> {
    const rows = this.db
      .prepare(`SELECT DISTINCT lab_id AS labId FROM grades WHERE user_id = ? AND passed = 1`)
      .all(userId) as Array<{ labId: string }>;
    return new Set(rows.map((r) => r.labId));
  }

  /** A learner opened a lesson page. */
  recordLessonRead(userId: string, lessonId: string, at = now()): void {
    this.db
      .prepare('INSERT INTO lesson_reads (user_id, lesson_id, read_at) VALUES (?, ?, ?)')
      .run(userId, lessonId, at);
  }

  /** Every time the user opened a lesson page, oldest first. */
  lessonReads(userId: string): LessonReadRecord[] {
    return this.db
      .prepare(
        `SELECT lesson_id AS lessonId, read_at AS readAt FROM lesson_reads
         WHERE user_id = ? ORDER BY read_at, rowid`,
      )
      .all(userId) as LessonReadRecord[];
  }

  /** The user's quiz submissions (scores and times, not the answers), oldest first. */
  quizAttempts(userId: string): QuizAttemptRecord[] {
    return this.db
      .prepare(
        `SELECT lesson_id AS lessonId, score, total, created_at AS createdAt FROM quiz_attempts
         WHERE user_id = ? ORDER BY created_at, rowid`,
      )
      .all(userId) as QuizAttemptRecord[];
  }

  createAssessmentAttempt(userId: string, questions: QuestionRef[]): AssessmentAttemptRecord {
    const record: AssessmentAttemptRecord = {
      id: newId(),
      userId,
      questions,
      total: questions.length,
      createdAt: now(),
      submittedAt: null,
      score: null,
    };
    this.db
      .prepare(
        `INSERT INTO assessment_attempts (id, user_id, questions_json, total, created_at)
         VALUES (?, ?, ?, ?, ?)`,
      )
      .run(record.id, userId, JSON.stringify(questions), record.total, record.createdAt);
    return record;
  }

  /** The user's attempts, newest first. */
  listAssessmentAttempts(userId: string): AssessmentAttemptRecord[] {
    const rows = this.db
      .prepare(
        `SELECT id, user_id AS userId, questions_json AS questionsJson, total, created_at AS createdAt,
                submitted_at AS submittedAt, score
         FROM assessment_attempts WHERE user_id = ? ORDER BY created_at DESC, rowid DESC`,
      )
      .all(userId) as Array<Omit<AssessmentAttemptRecord, 'questions'> & { questionsJson: string }>;
    return rows.map(({ questionsJson, ...row }) => ({
      ...row,
      questions: JSON.parse(questionsJson) as QuestionRef[],
    }));
  }

  /**
   * Records the answers of an open attempt. Returns false when the attempt was
   * already submitted (a double click, or a second tab), so it is scored once.
   */
  submitAssessmentAttempt(id: string, score: number, answers: number[][]): boolean {
    const result = this.db
      .prepare(
        `UPDATE assessment_attempts SET submitted_at = ?, score = ?, answers_json = ?
         WHERE id = ? AND submitted_at IS NULL`,
      )
      .run(now(), score, JSON.stringify(answers), id);
    return result.changes === 1;
  }

  listGrades(sessionId: string): GradeRecord[] {
    const rows = this.db
      .prepare(
        `SELECT id, session_id AS sessionId, user_id AS userId, lab_id AS labId, gradable, score,
                max_score AS maxScore, passed, result_json AS resultJson, created_at AS createdAt
         FROM grades WHERE session_id = ? ORDER BY created_at DESC, rowid DESC`,
      )
      .all(sessionId) as Array<
      Omit<GradeRecord, 'gradable' | 'passed' | 'result'> & {
        gradable: number;
        passed: number;
        resultJson: string;
      }
    >;
    return rows.map(({ resultJson, ...row }) => ({
      ...row,
      gradable: row.gradable === 1,
      passed: row.passed === 1,
      result: JSON.parse(resultJson) as unknown,
    }));
  }

  // The instructor view: everyone's progress, read only.

  /**
   * The people the instructor view lists: every account of role learner, and
   * every guest who did something (a visitor who only read lessons stays out),
   * with when each last quizzed, graded, sat the assessment or used a lab.
   */
  listLearnersWithActivity(): LearnerActivityRecord[] {
    return this.db
      .prepare(
        `SELECT * FROM (
           SELECT u.id, u.kind, u.email, u.created_at AS createdAt,
             NULLIF(MAX(
               COALESCE((SELECT MAX(created_at) FROM quiz_attempts WHERE user_id = u.id), ''),
               COALESCE((SELECT MAX(created_at) FROM grades WHERE user_id = u.id), ''),
               COALESCE((SELECT MAX(COALESCE(submitted_at, created_at)) FROM assessment_attempts
                         WHERE user_id = u.id), ''),
               COALESCE((SELECT MAX(last_active_at) FROM lab_sessions WHERE user_id = u.id), '')
             ), '') AS lastActiveAt
           FROM users u WHERE u.role = 'learner')
         WHERE kind = 'account' OR lastActiveAt IS NOT NULL
         ORDER BY lastActiveAt DESC, createdAt DESC`,
      )
      .all() as LearnerActivityRecord[];
  }

  /** Every user's best quiz score per lesson, as a share of its questions. */
  bestQuizScoresOfEveryone(): Array<{ userId: string; lessonId: string; best: number }> {
    return this.db
      .prepare(
        `SELECT user_id AS userId, lesson_id AS lessonId, MAX(CAST(score AS REAL) / total) AS best
         FROM quiz_attempts GROUP BY user_id, lesson_id`,
      )
      .all() as Array<{ userId: string; lessonId: string; best: number }>;
  }

  /** Every user's best submitted final assessment, as a share of its questions. */
  bestAssessmentScoresOfEveryone(): Array<{ userId: string; best: number }> {
    return this.db
      .prepare(
        `SELECT user_id AS userId, MAX(CAST(score AS REAL) / total) AS best
         FROM assessment_attempts WHERE submitted_at IS NOT NULL GROUP BY user_id`,
      )
      .all() as Array<{ userId: string; best: number }>;
  }

  /**
   * Every graded attempt of every user, oldest first, with the ids of the
   * checks it failed (read from the stored result's tests[].status), but
   * without the result bodies.
   */
  listGradeOutcomes(): GradeOutcomeRecord[] {
    const rows = this.db
      .prepare(
        `SELECT g.id, g.session_id AS sessionId, g.user_id AS userId, g.lab_id AS labId,
                g.gradable, g.score, g.max_score AS maxScore, g.passed, g.created_at AS createdAt,
                (SELECT json_group_array(json_extract(t.value, '$.id'))
                 FROM json_each(g.result_json, '$.tests') t
                 WHERE json_extract(t.value, '$.status') = 'failed') AS failedJson
         FROM grades g ORDER BY g.created_at, g.rowid`,
      )
      .all() as Array<
      Omit<GradeOutcomeRecord, 'gradable' | 'passed' | 'failedChecks'> & {
        gradable: number;
        passed: number;
        failedJson: string;
      }
    >;
    return rows.map(({ failedJson, ...row }) => ({
      ...row,
      gradable: row.gradable === 1,
      passed: row.passed === 1,
      failedChecks: JSON.parse(failedJson) as string[],
    }));
  }

  /**
   * Stores a newly issued certificate. Returns false when the user already
   * holds a live one (the unique index decides, so two claims at once issue one).
   */
  insertCertificate(record: Omit<CertificateRecord, 'revokedAt' | 'revokeReason'>): boolean {
    try {
      this.db
        .prepare(
          `INSERT INTO certificates (id, user_id, payload_json, signature, issued_at)
           VALUES (@id, @userId, @payloadJson, @signature, @issuedAt)`,
        )
        .run(record);
      return true;
    } catch (error) {
      if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') return false;
      throw error;
    }
  }

  getCertificate(id: string): CertificateRecord | undefined {
    return this.db.prepare(`${SELECT_CERTIFICATE} WHERE id = ?`).get(id) as
      CertificateRecord | undefined;
  }

  /** The user's certificates, newest first (a revoked one stays on the record). */
  listCertificatesOfUser(userId: string): CertificateRecord[] {
    return this.db
      .prepare(`${SELECT_CERTIFICATE} WHERE user_id = ? ORDER BY issued_at DESC, rowid DESC`)
      .all(userId) as CertificateRecord[];
  }

  /** Revokes a live certificate; false when it is unknown or already revoked. */
  revokeCertificate(id: string, reason: string): boolean {
    return (
      this.db
        .prepare(
          `UPDATE certificates SET revoked_at = ?, revoke_reason = ?
           WHERE id = ? AND revoked_at IS NULL`,
        )
        .run(now(), reason, id).changes === 1
    );
  }
}

const USER_COLUMNS = 'id, kind, created_at AS createdAt, email, role';

const SESSION_COLUMNS = `id, user_id AS userId, lab_id AS labId, state, error,
  created_at AS createdAt, ended_at AS endedAt, expires_at AS expiresAt, last_active_at AS lastActiveAt`;
const SELECT_SESSION = `SELECT ${SESSION_COLUMNS} FROM lab_sessions`;

const SELECT_CERTIFICATE = `SELECT id, user_id AS userId, payload_json AS payloadJson, signature,
  issued_at AS issuedAt, revoked_at AS revokedAt, revoke_reason AS revokeReason FROM certificates`;
