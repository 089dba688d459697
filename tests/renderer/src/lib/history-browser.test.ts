/* eslint-disable @typescript-eslint/ban-ts-comment */
// @ts-nocheck -- renderer sources belong to tsconfig.web.json; the node project (which globs tests/**) cannot
// include them without TS6307, so these files are type-checked by neither until the configs split them.
// The History dialog's logic over the page's own API (buildAssistantApi) on the real contract validation
// (dispatchRequest) and the real handlers over a history file in memory; timers are fake for the Undo.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { historyHandlers } from '../../../../src/main/app/history-requests';
import { HistoryStore } from '../../../../src/main/history/history-store';
import {
  conversationTitle,
  exportFileName,
  HistoryBrowser,
  turnCountLabel,
  turnHeading,
  UNDO_MS,
  whenLabel,
} from '../../../../src/renderer/src/lib/history-browser';
import { buildAssistantApi } from '../../../../src/shared/ipc/api';
import { dispatchRequest } from '../../../../src/shared/ipc/envelope';

let store: HistoryStore;
let clock = Date.UTC(2025, 2, 4, 12, 0, 0);

function page(options: { delay?: (name: string, input: unknown) => Promise<void> } = {}) {
  const listeners = new Set<(payload: unknown) => void>();
  const handlers = historyHandlers({ history: store, emit: () => listeners.forEach((l) => l({})) });
  const api = buildAssistantApi(
    async (name, input) => {
      await options.delay?.(name, input);
      return dispatchRequest(handlers, name, input, { label: 'page' });
    },
    (event, listener) => {
      if (event !== 'historyChanged') return () => {};
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  );
  const views = [];
  const browser = new HistoryBrowser(api, (v) => views.push(v));
  return { api, browser, views, changed: () => listeners.forEach((l) => l({})) };
}

function conversation(question: string, answer: string): number {
  const id = store.startConversation(null, clock);
  for (const [role, text] of [['user', question], ['assistant', answer]] as const) {
    clock += 1000;
    store.appendTurn(id, { role, kind: 'text', text, status: 'done', startedAt: clock - 500, completedAt: clock });
  }
  return id;
}

/** Lets every pending reply (promises only, no timers) arrive. */
const settle = async (): Promise<void> => {
  for (let i = 0; i < 20; i++) await Promise.resolve();
};

beforeEach(() => {
  store = HistoryStore.open(':memory:');
});
afterEach(() => {
  vi.useRealTimers();
  store.close();
});

describe('HistoryBrowser', () => {
  it('loads the list newest first and follows changes the core announces', async () => {
    conversation('Older question', 'a');
    conversation('Newer question', 'b');
    const { browser, changed } = page();
    const stop = browser.start();
    await settle();
    expect(browser.view.loaded).toBe(true);
    expect(browser.view.conversations.map((c) => c.title)).toEqual(['Newer question', 'Older question']);
    conversation('Newest question', 'c');
    changed();
    await settle();
    expect(browser.view.conversations.map((c) => c.title)).toEqual(['Newest question', 'Newer question', 'Older question']);
    stop();
    conversation('Unheard', 'd');
    changed();
    await settle();
    expect(browser.view.conversations).toHaveLength(3);
  });

  it('pages: Show more appends the next page, and a refresh keeps as many as are shown', async () => {
    for (let i = 0; i < 60; i++) conversation(`Question ${i}`, 'x');
    const { browser } = page();
    browser.start();
    await settle();
    expect(browser.view.conversations).toHaveLength(50);
    expect(browser.view.hasMore).toBe(true);
    await browser.loadMore();
    expect(browser.view.conversations).toHaveLength(60);
    expect(browser.view.hasMore).toBe(false);
    expect(browser.view.conversations.at(-1)!.title).toBe('Question 0');
    await browser.refresh();
    expect(browser.view.conversations).toHaveLength(60);
  });

  it('searches, the newest query winning whatever order the replies come in', async () => {
    conversation('Tell me about tides', 'Tides follow the moon');
    conversation('And volcanoes?', 'Volcanoes vent magma');
    let releaseFirst: () => void = () => {};
    const { browser } = page({
      delay: (name, input) => (name === 'searchHistory' && input.text === 'tides' ? new Promise((r) => (releaseFirst = r)) : Promise.resolve()),
    });
    const slow = browser.search('tides');
    await browser.search('  magma ');
    releaseFirst();
    await slow;
    expect(browser.view.query).toBe('magma');
    expect(browser.view.hits).toHaveLength(1);
    expect(browser.view.hits![0]!.parts.filter((p) => p.hit).map((p) => p.text)).toEqual(['magma']);
    await browser.search('   ');
    expect(browser.view).toMatchObject({ query: '', hits: null });
  });

  it('opens a conversation read-only at the turn a hit pointed to, renames it, and goes back', async () => {
    const id = conversation('Plan a trip', 'Where to?');
    const { browser } = page();
    browser.start();
    await settle();
    expect(await browser.openConversation(id, 2)).toBe(true);
    expect(browser.view.open!.turns.map((t) => t.text)).toEqual(['Plan a trip', 'Where to?']);
    expect(browser.view.focusSeq).toBe(2);
    expect(await browser.rename('   ')).toBe(false);
    expect(await browser.rename('Lisbon in May')).toBe(true);
    expect(browser.view.open!.title).toBe('Lisbon in May');
    expect(browser.view.conversations[0]!.title).toBe('Lisbon in May');
    browser.back();
    expect(browser.view).toMatchObject({ open: null, focusSeq: null });
    expect(store.listConversations()[0]!.title).toBe('Lisbon in May');
  });

  it('deletes with an Undo that lasts five seconds; after that the delete stays (soft, for a later purge)', async () => {
    vi.useFakeTimers();
    const keep = conversation('Keep me', 'ok');
    const id = conversation('Delete me', 'ok');
    const { browser } = page();
    browser.start();
    await settle();
    await browser.openConversation(id);
    expect(await browser.remove()).toBe(true);
    expect(browser.view.undo).toEqual({ id, title: 'Delete me' });
    expect(browser.view.open).toBeNull();
    expect(browser.view.conversations.map((c) => c.id)).toEqual([keep]);
    await browser.undoDelete();
    expect(browser.view.undo).toBeNull();
    expect(browser.view.conversations.map((c) => c.id)).toEqual([id, keep]);

    await browser.openConversation(id);
    await browser.remove();
    vi.advanceTimersByTime(UNDO_MS - 1);
    expect(browser.view.undo).not.toBeNull();
    vi.advanceTimersByTime(1);
    expect(browser.view.undo).toBeNull();
    await browser.undoDelete(); // too late: nothing to undo
    expect(store.listConversations().map((c) => c.id)).toEqual([keep]);
    expect(store.getConversation(id, { includeDeleted: true })!.deletedAt).not.toBeNull();
  });

  it('closes an open conversation that another window deleted', async () => {
    const id = conversation('Shared', 'x');
    const { browser, api } = page();
    browser.start();
    await settle();
    await browser.openConversation(id);
    await api.deleteConversation({ id });
    await settle();
    expect(browser.view.open).toBeNull();
    expect(browser.view.conversations).toEqual([]);
  });

  it('exports a conversation or everything with a file name and type', async () => {
    const id = conversation('Export me', 'fine');
    const { browser } = page();
    const md = await browser.exportFile(id, 'md', clock);
    expect(md).toMatchObject({ fileName: exportFileName(id, 'md', clock), mimeType: 'text/markdown' });
    expect(md!.text).toMatch(/^# Export me/);
    const json = await browser.exportFile(null, 'json', clock);
    expect(json!.mimeType).toBe('application/json');
    expect(JSON.parse(json!.text).conversations).toHaveLength(1);
  });

  it('shows a failure in plain words and clears it on the next success', async () => {
    const { browser } = page();
    expect(await browser.openConversation(42)).toBe(false);
    expect(browser.view.error).toBe('There is no conversation 42 in the history.');
    await browser.search('anything');
    expect(browser.view.error).toBeNull();
    store.close();
    await browser.refresh();
    expect(browser.view.error).toMatch(/./);
    expect(browser.view.loaded).toBe(true);
  });
});

describe('labels', () => {
  it('names, counts and headings', () => {
    expect(conversationTitle({ id: 7, title: null })).toBe('Conversation 7');
    expect(conversationTitle({ id: 7, title: 'Trip' })).toBe('Trip');
    expect([turnCountLabel(1), turnCountLabel(2)]).toEqual(['1 turn', '2 turns']);
    expect(turnHeading({ role: 'user', kind: 'voice', status: 'done', truncatedAtMs: null })).toBe('You · spoken');
    expect(turnHeading({ role: 'assistant', kind: 'text', status: 'truncated', truncatedAtMs: 2400 })).toBe('Assistant · cut off at 2.4 s');
    expect(turnHeading({ role: 'assistant', kind: 'voice', status: 'cancelled', truncatedAtMs: null })).toBe('Assistant · spoken · cancelled');
  });

  it('says today and yesterday, else the date', () => {
    const now = new Date(2025, 2, 4, 15, 30).getTime();
    expect(whenLabel(new Date(2025, 2, 4, 9, 5).getTime(), now, 'en-GB')).toBe('Today, 09:05');
    expect(whenLabel(new Date(2025, 2, 3, 23, 59).getTime(), now, 'en-GB')).toBe('Yesterday, 23:59');
    expect(whenLabel(new Date(2024, 11, 31, 8, 0).getTime(), now, 'en-GB')).toMatch(/31 Dec 2024/);
  });

  it('file names carry what and the local date', () => {
    const at = new Date(2025, 2, 4, 1, 0).getTime();
    expect(exportFileName(12, 'md', at)).toBe('voice-assistant-conversation-12-2025-03-04.md');
    expect(exportFileName(null, 'json', at)).toBe('voice-assistant-history-2025-03-04.json');
  });
});
