import { statSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConversationNotFoundError, HistoryStore, titleFrom } from '../../../src/main/history/history-store';
import { newTurn, tempHistoryDir } from '../../support/history';

const DAY = 86_400_000;
let tmp: ReturnType<typeof tempHistoryDir>;
let store: HistoryStore;
beforeEach(() => {
  tmp = tempHistoryDir();
  store = HistoryStore.open(tmp.file);
});
afterEach(() => {
  store.close();
  tmp.remove();
});

const ftsIntact = (s: HistoryStore): void => {
  // FTS5's own check: throws SQLITE_CORRUPT_VTAB when the index and the turns table disagree.
  s.db.prepare("INSERT INTO turns_fts (turns_fts) VALUES ('integrity-check')").run();
};

describe('HistoryStore turns', () => {
  it('numbers turns within a conversation and keeps every field', () => {
    const id = store.startConversation(null, 0);
    const first = store.appendTurn(id, newTurn({ text: 'What time is it in Tokyo?', kind: 'voice' }));
    const second = store.appendTurn(id, newTurn({ role: 'assistant', kind: 'voice', text: 'It is nine in the', status: 'truncated', truncatedAtMs: 2400, usage: { inputTokens: 12, outputTokens: 40, totalTokens: 52 }, latency: { firstAudioMs: 310 } }));
    expect([first.seq, second.seq]).toEqual([1, 2]);
    const conversation = store.getConversation(id)!;
    expect(conversation.turnCount).toBe(2);
    expect(conversation.turns[1]).toEqual({ ...second, conversationId: id });
    expect(conversation.turns[1]).toMatchObject({ status: 'truncated', truncatedAtMs: 2400, usage: { totalTokens: 52 }, latency: { firstAudioMs: 310 } });
    expect(conversation.turns[0]).toMatchObject({ usage: null, latency: null, truncatedAtMs: null, kind: 'voice' });
    expect(conversation.updatedAt).toBe(second.completedAt);
  });

  it('takes the title from the first user turn, one line and at most 80 characters', () => {
    const id = store.startConversation();
    store.appendTurn(id, newTurn({ role: 'assistant', text: 'Hi, how can I help?' }));
    expect(store.getConversation(id)!.title).toBeNull();
    store.appendTurn(id, newTurn({ text: `  Plan a trip\nto ${'Lisbon '.repeat(20)}` }));
    store.appendTurn(id, newTurn({ text: 'Something else' }));
    const title = store.getConversation(id)!.title!;
    expect(title.startsWith('Plan a trip to Lisbon')).toBe(true);
    expect([...title]).toHaveLength(80);
    expect(title.endsWith('…')).toBe(true);
    const named = store.startConversation('Groceries');
    store.appendTurn(named, newTurn({ text: 'eggs' }));
    expect(store.getConversation(named)!.title).toBe('Groceries');
    expect(titleFrom('   ')).toBeNull();
  });

  it('keeps truncatedAtMs only on a truncated turn, and an empty object of figures as null', () => {
    const id = store.startConversation();
    const t = store.appendTurn(id, newTurn({ status: 'done', truncatedAtMs: 100, usage: {}, latency: {} }));
    expect(t).toMatchObject({ truncatedAtMs: null, usage: null, latency: null });
  });

  it('refuses a turn for a conversation that does not exist or is deleted', () => {
    expect(() => store.appendTurn(999, newTurn())).toThrow(ConversationNotFoundError);
    const id = store.startConversation();
    store.delete(id);
    expect(() => store.appendTurn(id, newTurn())).toThrow(/no conversation/);
  });

  it('writes a turn whole or not at all: a failure after the turn was inserted leaves nothing behind', () => {
    const id = store.startConversation(null, 0);
    store.appendTurn(id, newTurn({ role: 'assistant', text: 'kept' }));
    const before = store.getConversation(id)!;
    // Fails the conversation update that follows the turn's insert (and its index entry) in appendTurn.
    store.db.exec("CREATE TEMP TRIGGER boom BEFORE UPDATE ON conversations WHEN new.title = 'lost words' BEGIN SELECT RAISE(ABORT, 'boom'); END");
    expect(() => store.appendTurn(id, newTurn({ text: 'lost words' }))).toThrow(/boom/);
    expect(store.getConversation(id)).toEqual(before);
    expect(store.search('lost')).toEqual([]);
    expect(() => store.appendTurn(id, newTurn({ text: 'x', role: 'system' as 'user' }))).toThrow(/CHECK/);
    expect(store.appendTurn(id, newTurn()).seq).toBe(2);
    ftsIntact(store);
  });

  it('creates the file owner-only, its WAL too', () => {
    store.appendTurn(store.startConversation(), newTurn());
    expect(statSync(tmp.file).mode & 0o777).toBe(0o600);
    expect(statSync(`${tmp.file}-wal`).mode & 0o777).toBe(0o600);
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
  });
});

describe('HistoryStore conversations', () => {
  it('lists newest first with turn counts, page by page', () => {
    const ids = [1, 2, 3].map((n) => {
      const id = store.startConversation(`c${n}`, 1000 * n);
      for (let i = 0; i < n; i++) store.appendTurn(id, newTurn({ completedAt: 10_000 * n + i, startedAt: 10_000 * n }));
      return id;
    });
    store.appendTurn(ids[0]!, newTurn({ completedAt: 99_999, startedAt: 99_000 }));
    expect(store.listConversations().map((c) => [c.title, c.turnCount])).toEqual([['c1', 2], ['c3', 3], ['c2', 2]]);
    expect(store.listConversations({ limit: 1, offset: 1 }).map((c) => c.title)).toEqual(['c3']);
    expect(store.getConversation(12345)).toBeNull();
  });

  it('renames, refusing an unknown conversation', () => {
    const id = store.startConversation('old');
    store.rename(id, '  new\nname ');
    expect(store.getConversation(id)!.title).toBe('new name');
    expect(() => store.rename(42, 'x')).toThrow(ConversationNotFoundError);
  });

  it('deletes softly: hidden from list and search until restored', () => {
    const id = store.startConversation();
    store.appendTurn(id, newTurn({ text: 'secret recipe' }));
    store.delete(id, 5000);
    expect(store.listConversations()).toEqual([]);
    expect(store.search('recipe')).toEqual([]);
    expect(store.getConversation(id)).toBeNull();
    expect(store.getConversation(id, { includeDeleted: true })!.deletedAt).toBe(5000);
    expect(() => store.delete(id)).toThrow(ConversationNotFoundError);
    store.restore(id);
    expect(store.listConversations().map((c) => c.id)).toEqual([id]);
    expect(store.search('recipe')).toHaveLength(1);
    expect(() => store.restore(id)).toThrow(ConversationNotFoundError);
  });

  it('purges only what was deleted long enough ago, with its turns and their index entries', () => {
    const old = store.startConversation();
    const recent = store.startConversation();
    const kept = store.startConversation();
    for (const id of [old, recent, kept]) store.appendTurn(id, newTurn({ text: `word${id} shared` }));
    store.delete(old, 1_000);
    store.delete(recent, 50_000);
    expect(store.purgeDeleted(30_000, 60_000)).toBe(1);
    expect(store.getConversation(old, { includeDeleted: true })).toBeNull();
    expect(store.db.prepare('SELECT count(*) FROM turns WHERE conversation_id = ?').pluck().get(old)).toBe(0);
    store.restore(recent);
    expect(store.search('shared').map((h) => h.conversationId).sort()).toEqual([recent, kept].sort());
    ftsIntact(store);
  });

  it('applies retention by last update: null keeps everything, 30 and 90 days drop older ones', () => {
    const now = Date.UTC(2025, 5, 1);
    const at = (daysAgo: number): number => {
      const id = store.startConversation(`${daysAgo} days`, now - daysAgo * DAY);
      store.appendTurn(id, newTurn({ startedAt: now - daysAgo * DAY, completedAt: now - daysAgo * DAY }));
      return id;
    };
    [1, 29, 31, 89, 91, 400].forEach(at);
    expect(store.applyRetention(null, now)).toBe(0);
    expect(store.applyRetention(90, now)).toBe(2);
    expect(store.listConversations().map((c) => c.title)).toEqual(['1 days', '29 days', '31 days', '89 days']);
    expect(store.applyRetention(30, now)).toBe(2);
    expect(store.listConversations().map((c) => c.title)).toEqual(['1 days', '29 days']);
    expect(() => store.applyRetention(0, now)).toThrow(RangeError);
    ftsIntact(store);
  });
});
