// The conversation history in one SQLite file (better-sqlite3, synchronous: each call is one short statement
// or transaction on the caller's thread).
//
// Durability: WAL with synchronous=NORMAL. A commit appends the transaction to the WAL file with write(); the
// OS owns those bytes from then on, so a killed process (SIGKILL, a crash) loses nothing committed — the next
// open replays the WAL (tests/main/history/crash.test.ts kills a writer mid-stream to prove it). Only an OS
// crash or power cut can drop the last few commits, and even then the file stays consistent. FULL would
// fsync on every commit, blocking the core's event loop for as long as the disk takes, once per turn.
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import Sqlite from 'better-sqlite3';
import type { Database, Statement } from 'better-sqlite3';
import { HistoryTooNewError, migrate, MIGRATIONS, refuseNewer, type Migration } from './migrations';
import { jsonOrNull, toSummary, toTurn, type ConversationRow, type TurnRow } from './rows';
import { ftsQuery, HIT_CLOSE, HIT_OPEN, plainSnippet, snippetParts, withoutHitMarkers } from './search-query';
import type { Conversation, ConversationSummary, NewTurn, SearchHit, StoredTurn } from './types';
import { errorText } from '../../shared/error-text';

const DAY_MS = 86_400_000;
const TITLE_MAX = 80;

/** The file cannot be used as a history: damaged, not a database, or unreadable. */
export class HistoryOpenError extends Error {
  constructor(file: string, cause: unknown) {
    super(`The history file ${file} cannot be opened: ${errorText(cause)}.`, { cause });
    this.name = 'HistoryOpenError';
  }
}

export class ConversationNotFoundError extends Error {
  constructor(readonly conversationId: number) {
    super(`There is no conversation ${conversationId} in the history.`);
    this.name = 'ConversationNotFoundError';
  }
}

/** A conversation's title from its first user turn: one line, at most 80 characters. */
export function titleFrom(text: string): string | null {
  const line = text.replace(/\s+/gu, ' ').trim();
  if (!line) return null;
  const chars = [...line];
  return chars.length <= TITLE_MAX ? line : `${chars.slice(0, TITLE_MAX - 1).join('').trimEnd()}…`;
}

const SUMMARY_COLUMNS = `c.id, c.title, c.created_at, c.updated_at, c.deleted_at,
  (SELECT count(*) FROM turns t WHERE t.conversation_id = c.id) AS turn_count`;

export class HistoryStore {
  private readonly stmt: Record<'insertConversation' | 'conversation' | 'nextSeq' | 'insertTurn' | 'reviseTurn' | 'touch' | 'list' | 'turns' | 'search', Statement>;

  private constructor(readonly db: Database) {
    this.stmt = {
      insertConversation: db.prepare('INSERT INTO conversations (title, created_at, updated_at) VALUES (?, ?, ?)'),
      conversation: db.prepare(`SELECT ${SUMMARY_COLUMNS} FROM conversations c WHERE c.id = ?`),
      nextSeq: db.prepare('SELECT coalesce(max(seq), 0) + 1 FROM turns WHERE conversation_id = ?').pluck(),
      insertTurn: db.prepare(`INSERT INTO turns (conversation_id, seq, role, kind, text, status, truncated_at_ms, started_at, completed_at, usage, latency)
        VALUES (@conversationId, @seq, @role, @kind, @text, @status, @truncatedAtMs, @startedAt, @completedAt, @usage, @latency) RETURNING *`),
      reviseTurn: db.prepare(`UPDATE turns SET text = @text, status = @status, truncated_at_ms = @truncatedAtMs, completed_at = @completedAt,
          usage = coalesce(@usage, usage), latency = coalesce(@latency, latency) WHERE id = @id RETURNING *`),
      touch: db.prepare('UPDATE conversations SET updated_at = max(updated_at, @at), title = coalesce(title, @title) WHERE id = @id'),
      list: db.prepare(`SELECT ${SUMMARY_COLUMNS} FROM conversations c WHERE c.deleted_at IS NULL ORDER BY c.updated_at DESC, c.id DESC LIMIT ? OFFSET ?`),
      turns: db.prepare('SELECT * FROM turns WHERE conversation_id = ? ORDER BY seq'),
      // Newest first: in a personal history the recent conversation is usually the one being looked for.
      // Turns are appended as they complete, so id order is completion order, and ordering by the index's
      // rowid lets FTS5 hand out matches newest first and stop at the limit instead of sorting every match
      // (a word in every turn costs about what a rare one does); with no sort, snippet() runs only for the rows kept.
      search: db.prepare(`SELECT t.id AS turn_id, t.conversation_id, t.seq, t.role, t.started_at, c.title,
          snippet(turns_fts, 0, @open, @close, '…', 16) AS marked
        FROM turns_fts JOIN turns t ON t.id = turns_fts.rowid JOIN conversations c ON c.id = t.conversation_id
        WHERE turns_fts MATCH @query AND c.deleted_at IS NULL ORDER BY turns_fts.rowid DESC LIMIT @limit`),
    };
  }

  /** Opens (creating it owner-only if needed) and migrates the history file; ':memory:' for a private one. */
  static open(file: string, options: { migrations?: readonly Migration[] } = {}): HistoryStore {
    if (file !== ':memory:' && !existsSync(file)) {
      mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
      // SQLite gives the -wal and -shm files the database file's mode, so creating it 0600 covers all three.
      closeSync(openSync(file, 'a', 0o600));
      chmodSync(file, 0o600);
    }
    let db: Database | undefined;
    try {
      db = new Sqlite(file);
      // The app and the CLI may use the file at once; a writer waits for the other instead of failing.
      db.pragma('busy_timeout = 5000');
      const migrations = options.migrations ?? MIGRATIONS;
      // Before the journal mode is set, which rewrites the header: a newer version's file is left as it was.
      refuseNewer(db, migrations);
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.pragma('foreign_keys = ON');
      migrate(db, migrations);
      return new HistoryStore(db);
    } catch (error) {
      db?.close();
      if (error instanceof HistoryTooNewError) throw error;
      throw new HistoryOpenError(file, error);
    }
  }

  startConversation(title?: string | null, now: number = Date.now()): number {
    const clean = title == null ? null : titleFrom(title);
    return Number(this.stmt.insertConversation.run(clean, now, now).lastInsertRowid);
  }

  /**
   * Records a completed turn in one transaction: the turn, its index entry and the conversation's update
   * time commit together or not at all. The conversation takes its title from the first user turn.
   */
  appendTurn(conversationId: number, turn: NewTurn): StoredTurn {
    return this.db.transaction(() => {
      const conversation = this.stmt.conversation.get(conversationId) as ConversationRow | undefined;
      if (!conversation || conversation.deleted_at !== null) throw new ConversationNotFoundError(conversationId);
      const text = withoutHitMarkers(turn.text);
      const row = this.stmt.insertTurn.get({
        conversationId,
        seq: this.stmt.nextSeq.get(conversationId) as number,
        role: turn.role,
        kind: turn.kind,
        text,
        status: turn.status,
        truncatedAtMs: turn.status === 'truncated' ? (turn.truncatedAtMs ?? null) : null,
        startedAt: turn.startedAt,
        completedAt: turn.completedAt,
        usage: jsonOrNull(turn.usage),
        latency: jsonOrNull(turn.latency),
      }) as TurnRow;
      this.stmt.touch.run({ id: conversationId, at: turn.completedAt, title: turn.role === 'user' ? titleFrom(text) : null });
      return toTurn(row);
    }).immediate();
  }

  /**
   * A turn recorded at completion that changed after it: a reply cut by a barge-in while its audio still
   * played, a transcript that came after the turn ended. One transaction, the index kept in step.
   */
  reviseTurn(turnId: number, turn: NewTurn): StoredTurn | null {
    return this.db.transaction(() => {
      const row = this.stmt.reviseTurn.get({
        id: turnId,
        text: withoutHitMarkers(turn.text),
        status: turn.status,
        truncatedAtMs: turn.status === 'truncated' ? (turn.truncatedAtMs ?? null) : null,
        completedAt: turn.completedAt,
        usage: jsonOrNull(turn.usage),
        latency: jsonOrNull(turn.latency),
      }) as TurnRow | undefined;
      return row ? toTurn(row) : null;
    }).immediate();
  }

  /** Newest first (by last update), without deleted conversations. */
  listConversations({ limit = 50, offset = 0 }: { limit?: number; offset?: number } = {}): ConversationSummary[] {
    return (this.stmt.list.all(limit, offset) as ConversationRow[]).map(toSummary);
  }

  /** A conversation with its turns in order; null when unknown, or deleted unless asked for. */
  getConversation(id: number, { includeDeleted = false }: { includeDeleted?: boolean } = {}): Conversation | null {
    const row = this.stmt.conversation.get(id) as ConversationRow | undefined;
    if (!row || (row.deleted_at !== null && !includeDeleted)) return null;
    return { ...toSummary(row), turns: (this.stmt.turns.all(id) as TurnRow[]).map(toTurn) };
  }

  /** Every conversation not deleted, oldest first, with its turns (for export). */
  allConversations(): Conversation[] {
    const ids = this.db.prepare('SELECT id FROM conversations WHERE deleted_at IS NULL ORDER BY created_at, id').pluck().all() as number[];
    return ids.map((id) => this.getConversation(id)).filter((c): c is Conversation => c !== null);
  }

  /**
   * Turns whose text has every word typed (the last also as a word start), newest first, outside deleted
   * conversations. Any text is searched literally: FTS5 operators in it are words like the others.
   */
  search(text: string, { limit = 20 }: { limit?: number } = {}): SearchHit[] {
    const query = ftsQuery(text);
    if (query === null) return [];
    const rows = this.stmt.search.all({ query, limit, open: HIT_OPEN, close: HIT_CLOSE }) as {
      turn_id: number;
      conversation_id: number;
      seq: number;
      role: SearchHit['role'];
      started_at: number;
      title: string | null;
      marked: string;
    }[];
    return rows.map((r) => ({
      conversationId: r.conversation_id,
      conversationTitle: r.title,
      turnId: r.turn_id,
      seq: r.seq,
      role: r.role,
      startedAt: r.started_at,
      snippet: plainSnippet(r.marked),
      parts: snippetParts(r.marked),
    }));
  }

  rename(id: number, title: string): void {
    const changed = this.db.prepare('UPDATE conversations SET title = ? WHERE id = ? AND deleted_at IS NULL').run(titleFrom(title), id).changes;
    if (changed === 0) throw new ConversationNotFoundError(id);
  }

  /** Hides the conversation from list and search; `restore` undoes it until it is purged. */
  delete(id: number, now: number = Date.now()): void {
    const changed = this.db.prepare('UPDATE conversations SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL').run(now, id).changes;
    if (changed === 0) throw new ConversationNotFoundError(id);
  }

  restore(id: number): void {
    const changed = this.db.prepare('UPDATE conversations SET deleted_at = NULL WHERE id = ? AND deleted_at IS NOT NULL').run(id).changes;
    if (changed === 0) throw new ConversationNotFoundError(id);
  }

  /** Removes for good the conversations deleted at least `olderThanMs` ago; returns how many. */
  purgeDeleted(olderThanMs: number, now: number = Date.now()): number {
    return this.db.prepare('DELETE FROM conversations WHERE deleted_at IS NOT NULL AND deleted_at <= ?').run(now - olderThanMs).changes;
  }

  /** Removes conversations last updated more than `days` ago (null: keep forever); returns how many. */
  applyRetention(days: number | null, now: number = Date.now()): number {
    if (days === null) return 0;
    if (!(days > 0)) throw new RangeError(`Retention must be a positive number of days, not ${days}.`);
    return this.db.prepare('DELETE FROM conversations WHERE updated_at < ?').run(now - days * DAY_MS).changes;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
