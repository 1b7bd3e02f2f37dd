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
];
