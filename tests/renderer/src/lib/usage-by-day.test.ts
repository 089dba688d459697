/* eslint-disable @typescript-eslint/ban-ts-comment */
// @ts-nocheck -- renderer sources belong to tsconfig.web.json; the node project (which globs tests/**) cannot
// include them without TS6307, so these files are type-checked by neither until the configs split them.
// The History dialog's usage by day over the page's own API (buildAssistantApi), the real contract
// validation (dispatchRequest) and the real handlers over a history file in memory.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HISTORY_OFF, historyHandlers } from '../../../../src/main/app/history-requests';
import { HistoryStore } from '../../../../src/main/history/history-store';
import { unpricedNote, USAGE_VIEW_DAYS, UsageLoader } from '../../../../src/renderer/src/lib/usage-by-day';
import { buildAssistantApi } from '../../../../src/shared/ipc/api';
import { dispatchRequest } from '../../../../src/shared/ipc/envelope';

const local = (month: number, day: number, hours: number): number => new Date(2025, month - 1, day, hours).getTime();
const NOW = local(3, 10, 12);

let store: HistoryStore;
let conversationId: number;

function page(options: { history?: HistoryStore | null; delay?: (input: unknown) => Promise<void> } = {}) {
  const listeners = new Set<(payload: unknown) => void>();
  const asked: unknown[] = [];
  const handlers = historyHandlers({ history: options.history === undefined ? store : options.history, emit: () => {} }, () => NOW);
  const api = buildAssistantApi(
    async (name, input) => {
      asked.push(input);
      // The reply is what the store held when asked; the delay only holds it back on the way.
      const result = await dispatchRequest(handlers, name, input, { label: 'page' });
      await options.delay?.(input);
      return result;
    },
    (event, listener) => {
      if (event !== 'historyChanged') return () => {};
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  );
  const views = [];
  const loader = new UsageLoader(api, (v) => views.push(v));
  return { loader, views, asked, changed: () => listeners.forEach((l) => l({})) };
}

function reply(completedAt: number, usage: object): void {
  store.appendTurn(conversationId, { role: 'assistant', kind: 'text', text: 'Answer', status: 'done', startedAt: completedAt - 1000, completedAt, usage });
}

/** Lets every pending reply (promises only, no timers) arrive. */
const settle = async (): Promise<void> => {
  for (let i = 0; i < 20; i++) await Promise.resolve();
};

beforeEach(() => {
  store = HistoryStore.open(':memory:');
  conversationId = store.startConversation(null, local(3, 1, 8));
});
afterEach(() => store.close());

describe('UsageLoader', () => {
  it('shows the last 30 days newest first with their totals, and follows the history', async () => {
    reply(local(3, 8, 9), { inputTokens: 100, outputTokens: 10, cachedTokens: 50, costUsd: 0.01 });
    reply(local(3, 10, 9), { inputTokens: 20, outputTokens: 2 });
    const { loader, asked, changed } = page();
    expect(loader.view.days).toBeNull();
    const stop = loader.start();
    await settle();
    expect(asked).toEqual([{ days: USAGE_VIEW_DAYS }]);
    expect(loader.view.days.map((d) => [d.day, d.responses, d.unpriced])).toEqual([
      ['2025-03-10', 1, 1],
      ['2025-03-08', 1, 0],
    ]);
    expect(loader.view.total).toEqual({ responses: 2, inputTokens: 120, outputTokens: 12, cachedTokens: 50, costUsd: 0.01, unpriced: 1 });
    expect(loader.view.error).toBeNull();

    reply(local(3, 10, 10), { inputTokens: 1, outputTokens: 1, costUsd: 0.5 });
    changed();
    await settle();
    expect(loader.view.days[0]).toMatchObject({ day: '2025-03-10', responses: 2, costUsd: 0.5 });
    stop();
    changed();
    await settle();
    expect(asked).toHaveLength(2);
  });

  it('says nothing before the first reply and shows an empty list after it', async () => {
    reply(local(1, 2, 9), { inputTokens: 5, costUsd: 1 }); // more than 30 days ago
    const { loader, views } = page();
    loader.start();
    expect(views).toEqual([]);
    await settle();
    expect(loader.view).toMatchObject({ days: [], total: { responses: 0, costUsd: 0 }, error: null });
  });

  it('shows the reply to the latest request, whatever order the replies arrive in', async () => {
    reply(local(3, 9, 9), { inputTokens: 1, costUsd: 0.1 });
    const gates: (() => void)[] = [];
    const { loader, changed } = page({ delay: () => new Promise((resolve) => gates.push(resolve)) });
    loader.start();
    await settle();
    reply(local(3, 10, 9), { inputTokens: 1, costUsd: 0.2 });
    changed();
    await settle();
    expect(gates).toHaveLength(2);
    gates[1]!();
    await settle();
    expect(loader.view.days.map((d) => d.day)).toEqual(['2025-03-10', '2025-03-09']);
    gates[0]!();
    await settle();
    expect(loader.view.days.map((d) => d.day)).toEqual(['2025-03-10', '2025-03-09']);
  });

  it('says why when history is off, and keeps the table when a reload fails', async () => {
    const off = page({ history: null });
    off.loader.start();
    await settle();
    expect(off.loader.view).toMatchObject({ days: null, error: HISTORY_OFF });

    reply(local(3, 10, 9), { inputTokens: 1, costUsd: 0.2 });
    let linkDown = false;
    const { loader, changed } = page({ delay: () => (linkDown ? Promise.reject(new Error('The connection to the app was lost.')) : Promise.resolve()) });
    loader.start();
    await settle();
    linkDown = true;
    changed();
    await settle();
    expect(loader.view).toMatchObject({ error: 'The connection to the app was lost.', days: [{ day: '2025-03-10' }] });
    linkDown = false;
    changed();
    await settle();
    expect(loader.view.error).toBeNull();
  });
});

describe('unpricedNote', () => {
  it('counts the responses without a price, in the singular too', () => {
    expect(unpricedNote(3)).toBe('3 responses had no price for their model; their cost is not counted.');
    expect(unpricedNote(1)).toBe('1 response had no price for its model; its cost is not counted.');
  });
});
