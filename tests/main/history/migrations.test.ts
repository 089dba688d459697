import { readFileSync, writeFileSync } from 'node:fs';
import Sqlite from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HistoryOpenError, HistoryStore } from '../../../src/main/history/history-store';
import { HistoryTooNewError, migrate, MIGRATIONS, schemaVersion } from '../../../src/main/history/migrations';
import { SCHEMA_V1 } from '../../../src/main/history/schema';
import { newTurn, tempHistoryDir } from '../../support/history';

let tmp: ReturnType<typeof tempHistoryDir>;
beforeEach(() => {
  tmp = tempHistoryDir();
});
afterEach(() => tmp.remove());

const LATEST = MIGRATIONS.at(-1)!.version;

function versionOf(file: string): number {
  const db = new Sqlite(file, { readonly: true });
  try {
    return schemaVersion(db);
  } finally {
    db.close();
  }
}

describe('history migrations', () => {
  it('brings a new file to the latest version with the FTS5 index', () => {
    const store = HistoryStore.open(tmp.file);
    expect(schemaVersion(store.db)).toBe(LATEST);
    expect(store.db.prepare("SELECT sql FROM sqlite_master WHERE name = 'turns_fts'").pluck().get()).toMatch(/USING fts5/i);
    store.close();
  });

  it('opens a version 1 file made by hand, with its data kept and indexed', () => {
    const db = new Sqlite(tmp.file);
    db.exec(SCHEMA_V1);
    db.pragma('user_version = 1');
    db.prepare('INSERT INTO conversations (id, title, created_at, updated_at) VALUES (7, ?, 1000, 2000)').run('Old chat');
    db.prepare(`INSERT INTO turns (conversation_id, seq, role, kind, text, status, started_at, completed_at, usage)
      VALUES (7, 1, 'user', 'voice', 'remember the lighthouse', 'done', 1500, 2000, '{"totalTokens":9}')`).run();
    db.close();

    const store = HistoryStore.open(tmp.file);
    expect(store.listConversations()).toEqual([{ id: 7, title: 'Old chat', createdAt: 1000, updatedAt: 2000, deletedAt: null, turnCount: 1 }]);
    expect(store.getConversation(7)!.turns[0]).toMatchObject({ text: 'remember the lighthouse', kind: 'voice', usage: { totalTokens: 9 } });
    expect(store.search('lighthouse').map((h) => h.turnId)).toHaveLength(1);
    expect(store.appendTurn(7, newTurn({ role: 'assistant' })).seq).toBe(2);
    store.close();
  });

  it.each(MIGRATIONS.map((m) => m.version))('opens a file left at version %i by an earlier release', (version) => {
    const db = new Sqlite(tmp.file);
    migrate(db, MIGRATIONS.filter((m) => m.version <= version));
    expect(schemaVersion(db)).toBe(version);
    db.prepare('INSERT INTO conversations (title, created_at, updated_at) VALUES (?, 1, 1)').run(`made at v${version}`);
    db.close();
    const store = HistoryStore.open(tmp.file);
    expect(schemaVersion(store.db)).toBe(LATEST);
    expect(store.listConversations().map((c) => c.title)).toEqual([`made at v${version}`]);
    store.close();
  });

  it('refuses a file from a newer version in plain words, leaving it untouched', () => {
    const db = new Sqlite(tmp.file);
    db.exec('CREATE TABLE future (x)');
    db.pragma(`user_version = ${LATEST + 1}`);
    db.close();
    const bytes = readFileSync(tmp.file);
    expect(() => HistoryStore.open(tmp.file)).toThrow(HistoryTooNewError);
    expect(() => HistoryStore.open(tmp.file)).toThrow(/newer version of Voice Assistant .*Update the app/);
    expect(versionOf(tmp.file)).toBe(LATEST + 1);
    expect(readFileSync(tmp.file).equals(bytes)).toBe(true);
  });

  it('rolls a failing migration back whole: the file stays at the version before it', () => {
    HistoryStore.open(tmp.file).close();
    const broken = [...MIGRATIONS, { version: LATEST + 1, up: 'CREATE TABLE half_done (x); SELECT no_such_function();' }];
    expect(() => HistoryStore.open(tmp.file, { migrations: broken })).toThrow(HistoryOpenError);
    const store = HistoryStore.open(tmp.file);
    expect(schemaVersion(store.db)).toBe(LATEST);
    expect(store.db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'half_done'").pluck().get()).toBe(0);
    store.close();
  });

  it('runs a later migration on existing data', () => {
    const store = HistoryStore.open(tmp.file);
    store.appendTurn(store.startConversation(), newTurn({ text: 'before the upgrade' }));
    store.close();
    const next = [...MIGRATIONS, { version: LATEST + 1, up: "ALTER TABLE turns ADD COLUMN lang TEXT NOT NULL DEFAULT 'en'" }];
    const upgraded = HistoryStore.open(tmp.file, { migrations: next });
    expect(schemaVersion(upgraded.db)).toBe(LATEST + 1);
    expect(upgraded.db.prepare('SELECT text, lang FROM turns').get()).toEqual({ text: 'before the upgrade', lang: 'en' });
    upgraded.close();
  });

  it('says plainly that a file is not a history database', () => {
    writeFileSync(tmp.file, 'this is not sqlite, just some text that fills a header '.repeat(40));
    expect(() => HistoryStore.open(tmp.file)).toThrow(/history file .* cannot be opened: file is not a database/);
  });
});
