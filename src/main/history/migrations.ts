// Versioned schema migrations, recorded in PRAGMA user_version (0 = empty file). Each runs in its own
// transaction together with the version bump, so a crash mid-migration leaves the previous version intact.
import type { Database } from 'better-sqlite3';
import { SCHEMA_V1 } from './schema';

export interface Migration {
  /** The user_version the database has after this migration. */
  version: number;
  up: string | ((db: Database) => void);
}

export const MIGRATIONS: readonly Migration[] = [{ version: 1, up: SCHEMA_V1 }];

/** The database was written by a newer version of the app: opening it could lose what that version stores. */
export class HistoryTooNewError extends Error {
  constructor(
    readonly fileVersion: number,
    readonly knownVersion: number,
  ) {
    super(
      `The history file was written by a newer version of Voice Assistant (format ${fileVersion}; this version reads up to ${knownVersion}). ` +
        'Update the app, or use another history file.',
    );
    this.name = 'HistoryTooNewError';
  }
}

export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Throws before anything is written when the file is newer than `migrations` know; returns its version. */
export function refuseNewer(db: Database, migrations: readonly Migration[] = MIGRATIONS): number {
  const latest = migrations.at(-1)?.version ?? 0;
  const version = schemaVersion(db);
  if (version > latest) throw new HistoryTooNewError(version, latest);
  return version;
}

/** Brings the database up to the newest version; returns the version it had and the one it has now. */
export function migrate(db: Database, migrations: readonly Migration[] = MIGRATIONS): { from: number; to: number } {
  const from = refuseNewer(db, migrations);
  for (const migration of migrations) {
    // IMMEDIATE takes the write lock before re-reading the version, so the app and the CLI opening the same
    // file at once cannot both run the same step.
    db.transaction(() => {
      if (schemaVersion(db) >= migration.version) return;
      if (typeof migration.up === 'string') db.exec(migration.up);
      else migration.up(db);
      db.pragma(`user_version = ${Math.trunc(migration.version)}`);
    }).immediate();
  }
  return { from, to: schemaVersion(db) };
}
