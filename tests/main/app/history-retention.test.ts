// The retention setting on a real history file: the choice in days, what a start purges (conversations
// deleted past any Undo, and those older than the retention), and a change of the setting on the real core.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyHistoryRetention, PURGE_DELETED_AFTER_MS, retentionDays } from '../../../src/main/app/history-retention';
import { HistoryStore } from '../../../src/main/history/history-store';
import { closeAllApps, startApp } from '../../support/app-harness';
import { newTurn, tempHistoryDir } from '../../support/history';

const DAY = 86_400_000;
let tmp: ReturnType<typeof tempHistoryDir>;

beforeEach(() => {
  tmp = tempHistoryDir();
});
afterEach(async () => {
  await closeAllApps();
  tmp.remove();
});

/** A conversation whose one turn completed `age` ms before `now`. */
function aged(store: HistoryStore, title: string, age: number, now: number): number {
  const id = store.startConversation(null, now - age);
  store.appendTurn(id, newTurn({ text: title, startedAt: now - age - 100, completedAt: now - age }));
  return id;
}

const titles = (store: HistoryStore): (string | null)[] => store.listConversations().map((c) => c.title);
const allIds = (store: HistoryStore): number[] => store.db.prepare('SELECT id FROM conversations ORDER BY id').pluck().all() as number[];

describe('retention', () => {
  it('maps the setting to days', () => {
    expect([retentionDays('forever'), retentionDays('90'), retentionDays('30')]).toEqual([null, 90, 30]);
  });

  it('at start purges deleted conversations past the undo margin, and keeps the rest when kept forever', () => {
    const now = Date.UTC(2025, 5, 1);
    const store = HistoryStore.open(tmp.file);
    aged(store, 'ancient', 400 * DAY, now);
    const longGone = aged(store, 'long gone', DAY, now);
    const justGone = aged(store, 'just gone', DAY, now);
    store.delete(longGone, now - PURGE_DELETED_AFTER_MS - 1);
    store.delete(justGone, now - 5_000);
    expect(applyHistoryRetention(store, 'forever', { atStart: true, now })).toEqual({ removed: 1, problem: null });
    expect(allIds(store)).not.toContain(longGone);
    expect(allIds(store)).toContain(justGone);
    expect(titles(store)).toEqual(['ancient']);
    store.close();
  });

  it('drops conversations not updated for longer than the choice, and only those', () => {
    const now = Date.UTC(2025, 5, 1);
    const store = HistoryStore.open(tmp.file);
    aged(store, '100 days', 100 * DAY, now);
    aged(store, '45 days', 45 * DAY, now);
    aged(store, '10 days', 10 * DAY, now);
    expect(applyHistoryRetention(store, '90', { now }).removed).toBe(1);
    expect(titles(store)).toEqual(['10 days', '45 days']);
    expect(applyHistoryRetention(store, '30', { now }).removed).toBe(1);
    expect(titles(store)).toEqual(['10 days']);
    store.close();
  });

  it('says in plain words when the file cannot be changed', () => {
    const store = HistoryStore.open(tmp.file);
    store.close();
    const outcome = applyHistoryRetention(store, '30');
    expect(outcome.removed).toBe(0);
    expect(outcome.problem).toMatch(/^Old conversations could not be removed from the history \(.+\)\. They are kept for now\.$/);
  });
});

describe('retention on the core', () => {
  it('is applied at start and again when the setting changes, telling open pages', async () => {
    const now = Date.now();
    const seed = HistoryStore.open(tmp.file);
    aged(seed, '100 days', 100 * DAY, now);
    aged(seed, '45 days', 45 * DAY, now);
    const deleted = aged(seed, 'deleted', DAY, now);
    seed.delete(deleted, now - 2 * PURGE_DELETED_AFTER_MS);
    seed.close();

    const store = HistoryStore.open(tmp.file);
    const h = await startApp({ history: store });
    expect(allIds(store)).not.toContain(deleted);
    expect(titles(store)).toEqual(['45 days', '100 days']);

    const before = h.events.filter((e) => e.name === 'historyChanged').length;
    await h.request('updateSettings', { historyRetention: '90' });
    expect(titles(store)).toEqual(['45 days']);
    expect(h.events.filter((e) => e.name === 'historyChanged').length).toBe(before + 1);
    // A change of another setting leaves the history alone.
    await h.request('updateSettings', { historyRetention: '90', voice: 'sage' });
    await h.request('updateSettings', { voice: 'verse' });
    expect(h.events.filter((e) => e.name === 'historyChanged').length).toBe(before + 1);
  });
});
