// The history's SQL, one block per schema version. A block is never edited once released: a change is a
// new version in migrations.ts, tested on a database made by the version before it.

/**
 * Version 1.
 *
 * The full-text index is an external-content FTS5 table over turns.text, kept in step by triggers. Not a
 * contentless one: snippet() and highlight() need the column text, which a contentless table does not keep,
 * and external content stores each turn's text once (in turns), where a plain FTS5 table would copy it.
 * The triggers run inside the writing transaction, so the index can never disagree with the turns after a
 * crash. unicode61 with remove_diacritics 2 lets "cafe" find "café".
 *
 * Conversations are deleted softly (deleted_at) so that a delete can be undone; turns go with their
 * conversation when it is finally purged (ON DELETE CASCADE, with foreign_keys on).
 */
export const SCHEMA_V1 = `
CREATE TABLE conversations (
  id INTEGER PRIMARY KEY,
  title TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  deleted_at INTEGER
);
CREATE INDEX conversations_by_update ON conversations (updated_at DESC, id DESC);
CREATE INDEX conversations_by_deletion ON conversations (deleted_at) WHERE deleted_at IS NOT NULL;

CREATE TABLE turns (
  id INTEGER PRIMARY KEY,
  conversation_id INTEGER NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('user', 'assistant')),
  kind TEXT NOT NULL CHECK (kind IN ('text', 'voice')),
  text TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('done', 'cancelled', 'truncated')),
  truncated_at_ms INTEGER,
  started_at INTEGER NOT NULL,
  completed_at INTEGER NOT NULL,
  usage TEXT CHECK (usage IS NULL OR json_valid(usage)),
  latency TEXT CHECK (latency IS NULL OR json_valid(latency)),
  UNIQUE (conversation_id, seq)
);

CREATE VIRTUAL TABLE turns_fts USING fts5 (
  text,
  content = 'turns',
  content_rowid = 'id',
  tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER turns_fts_insert AFTER INSERT ON turns BEGIN
  INSERT INTO turns_fts (rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER turns_fts_delete AFTER DELETE ON turns BEGIN
  INSERT INTO turns_fts (turns_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;
CREATE TRIGGER turns_fts_update AFTER UPDATE OF text ON turns BEGIN
  INSERT INTO turns_fts (turns_fts, rowid, text) VALUES ('delete', old.id, old.text);
  INSERT INTO turns_fts (rowid, text) VALUES (new.id, new.text);
END;
`;
