/**
 * Schema migrations, applied in order; `PRAGMA user_version` records how many
 * have run. Never edit a shipped migration: append a new one.
 */
export const migrations: readonly string[] = [
  `
  CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
  );
  CREATE TABLE users (
    id         TEXT PRIMARY KEY,
    kind       TEXT NOT NULL CHECK (kind IN ('guest', 'account')),
    created_at TEXT NOT NULL
  );
  CREATE TABLE lab_sessions (
    id         TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users(id),
    lab_id     TEXT NOT NULL,
    state      TEXT NOT NULL CHECK (state IN ('starting', 'ready', 'failed', 'ended')),
    error      TEXT,
    created_at TEXT NOT NULL,
    ended_at   TEXT
  );
  CREATE INDEX lab_sessions_by_user ON lab_sessions(user_id, state);
  CREATE TABLE grades (
    id          TEXT PRIMARY KEY,
    session_id  TEXT NOT NULL REFERENCES lab_sessions(id),
    user_id     TEXT NOT NULL REFERENCES users(id),
    lab_id      TEXT NOT NULL,
    gradable    INTEGER NOT NULL,
    score       REAL NOT NULL,
    max_score   REAL NOT NULL,
    passed      INTEGER NOT NULL,
    result_json TEXT NOT NULL,
    created_at  TEXT NOT NULL
  );
  CREATE INDEX grades_by_session ON grades(session_id, created_at);
  `,
  // 2: queued starts, expiry and idleness, and warm-pool environments (no owner yet).
  `
  CREATE TABLE lab_sessions_v2 (
    id             TEXT PRIMARY KEY,
    user_id        TEXT REFERENCES users(id),
    lab_id         TEXT NOT NULL,
    state          TEXT NOT NULL CHECK (state IN ('queued', 'starting', 'ready', 'failed', 'ended')),
    error          TEXT,
    created_at     TEXT NOT NULL,
    ended_at       TEXT,
    expires_at     TEXT,
    last_active_at TEXT NOT NULL
  );
  INSERT INTO lab_sessions_v2 (id, user_id, lab_id, state, error, created_at, ended_at, last_active_at)
    SELECT id, user_id, lab_id, state, error, created_at, ended_at, created_at FROM lab_sessions;
  DROP TABLE lab_sessions;
  ALTER TABLE lab_sessions_v2 RENAME TO lab_sessions;
  CREATE INDEX lab_sessions_by_user ON lab_sessions(user_id, state);
  CREATE INDEX lab_sessions_pool ON lab_sessions(lab_id, state) WHERE user_id IS NULL;
  `,
  // 3: faults the grader injected, written before they are applied, so a
  // platform that dies mid-check can undo them when it starts again.
  `
  CREATE TABLE faults (
    id          TEXT PRIMARY KEY,
    session_id  TEXT NOT NULL REFERENCES lab_sessions(id),
    service     TEXT NOT NULL,
    kind        TEXT NOT NULL,
    applied_at  TEXT NOT NULL,
    restored_at TEXT
  );
  CREATE INDEX faults_pending ON faults(restored_at) WHERE restored_at IS NULL;
  `,
  // 4: quiz attempts, one row per submission.
  `
  CREATE TABLE quiz_attempts (
    id           TEXT PRIMARY KEY,
    user_id      TEXT NOT NULL REFERENCES users(id),
    lesson_id    TEXT NOT NULL,
    score        INTEGER NOT NULL,
    total        INTEGER NOT NULL,
    answers_json TEXT NOT NULL,
    created_at   TEXT NOT NULL
  );
  CREATE INDEX quiz_attempts_by_user ON quiz_attempts(user_id, lesson_id, created_at);
  `,
  // 5: final-assessment attempts: the questions drawn for the learner (lesson
  // and question index, never the key) and, once submitted, their answers and score.
  `
  CREATE TABLE assessment_attempts (
    id             TEXT PRIMARY KEY,
    user_id        TEXT NOT NULL REFERENCES users(id),
    questions_json TEXT NOT NULL,
    total          INTEGER NOT NULL,
    created_at     TEXT NOT NULL,
    submitted_at   TEXT,
    score          INTEGER,
    answers_json   TEXT
  );
  CREATE INDEX assessment_attempts_by_user ON assessment_attempts(user_id, created_at);
  `,
  // 6: accounts on the guest identity (email, password hash, role), the
  // server-side sessions a signed-in browser's cookie names, and one-time
  // password-reset tokens. Sessions and tokens are stored as SHA-256 hashes,
  // so a copy of the database signs nobody in.
  `
  ALTER TABLE users ADD COLUMN email TEXT;
  ALTER TABLE users ADD COLUMN password_hash TEXT;
  ALTER TABLE users ADD COLUMN role TEXT NOT NULL DEFAULT 'learner'
    CHECK (role IN ('learner', 'instructor', 'admin'));
  CREATE UNIQUE INDEX users_by_email ON users(email) WHERE email IS NOT NULL;
  CREATE TABLE auth_sessions (
    id_hash      TEXT PRIMARY KEY,
    user_id      TEXT NOT NULL REFERENCES users(id),
    created_at   TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    expires_at   TEXT NOT NULL
  );
  CREATE INDEX auth_sessions_by_user ON auth_sessions(user_id);
  CREATE TABLE password_resets (
    token_hash TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users(id),
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at    TEXT
  );
  `,
  // Certificates: the signed payload exactly as it was signed (canonical JSON)
  // and its Ed25519 signature; revocation keeps the row and says why. At most
  // one live certificate per learner, so two claims at once issue one.
  `
  CREATE TABLE certificates (
    id            TEXT PRIMARY KEY,
    user_id       TEXT NOT NULL REFERENCES users(id),
    payload_json  TEXT NOT NULL,
    signature     TEXT NOT NULL,
    issued_at     TEXT NOT NULL,
    revoked_at    TEXT,
    revoke_reason TEXT
  );
  CREATE INDEX certificates_by_user ON certificates(user_id, issued_at);
  CREATE UNIQUE INDEX certificates_one_live ON certificates(user_id) WHERE revoked_at IS NULL;
  `,
  // lesson_reads: one row each time a learner opens a lesson page (recorded by
  // the server, since lessons are static files), for "lessons read" and the
  // time-spent estimate on the dashboard.
  `
  CREATE TABLE lesson_reads (
    user_id   TEXT NOT NULL REFERENCES users(id),
    lesson_id TEXT NOT NULL,
    read_at   TEXT NOT NULL
  );
  CREATE INDEX lesson_reads_by_user ON lesson_reads(user_id, read_at);
  `,
];
