import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { migrations } from './migrations';

export type SqliteDatabase = Database.Database;

/** Opens (creating if needed) the platform database in WAL mode and migrates it. */
export function openDatabase(file: string): SqliteDatabase {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  // Two processes (server and CLI) may write at once; wait rather than fail.
  db.pragma('busy_timeout = 5000');
  // A migration may rebuild a table that others reference: keys are enforced once it is done.
  migrate(db);
  db.pragma('foreign_keys = ON');
  return db;
}

function migrate(db: SqliteDatabase): void {
  const applied = db.pragma('user_version', { simple: true }) as number;
  for (let version = applied; version < migrations.length; version++) {
    db.transaction(() => {
      db.exec(migrations[version]!);
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
  const broken = db.pragma('foreign_key_check') as unknown[];
  if (broken.length > 0)
    throw new Error(`database ${db.name}: ${broken.length} broken references after migrating`);
}
