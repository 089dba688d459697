// The history requests as a page sends them: through dispatchRequest (the contract's validation of input
// and reply) to the handlers over a real history file; then on the real core, with history off.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HISTORY_OFF, historyHandlers } from '../../../src/main/app/history-requests';
import { HistoryStore } from '../../../src/main/history/history-store';
import type { EventName } from '../../../src/shared/ipc/contract';
import { dispatchRequest, type Handlers } from '../../../src/shared/ipc/envelope';
import { closeAllApps, startApp } from '../../support/app-harness';
import { newTurn, tempHistoryDir } from '../../support/history';

type Client = { label: string };
const client: Client = { label: 'test' };

let tmp: ReturnType<typeof tempHistoryDir>;
let store: HistoryStore;
let emitted: EventName[];
let handlers: Handlers<Client>;

beforeEach(() => {
  tmp = tempHistoryDir();
  store = HistoryStore.open(tmp.file);
  emitted = [];
  handlers = historyHandlers({ history: store, emit: (name) => void emitted.push(name) }) as unknown as Handlers<Client>;
});
afterEach(async () => {
  store.close();
  tmp.remove();
  await closeAllApps();
});

const request = async (name: string, payload?: unknown): Promise<unknown> => {
  const result = await dispatchRequest(handlers, name, payload, client);
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
};

function conversation(question: string, answer: string): number {
  const id = store.startConversation();
  store.appendTurn(id, newTurn({ text: question }));
  store.appendTurn(id, newTurn({ role: 'assistant', kind: 'voice', text: answer }));
  return id;
}

describe('history requests', () => {
  it('lists newest first, a page at a time, saying whether there is more', async () => {
    const ids = [conversation('First question', 'One'), conversation('Second question', 'Two'), conversation('Third question', 'Three')];
    const all = (await request('listConversations')) as { conversations: { id: number; title: string; turnCount: number }[]; hasMore: boolean };
    expect(all.conversations.map((c) => c.title)).toEqual(['Third question', 'Second question', 'First question']);
    expect(all.conversations[0]).toEqual({ id: ids[2], title: 'Third question', createdAt: expect.any(Number), updatedAt: expect.any(Number), turnCount: 2 });
    expect(all.hasMore).toBe(false);
    expect(await request('listConversations', { limit: 2 })).toMatchObject({ conversations: [{ id: ids[2] }, { id: ids[1] }], hasMore: true });
    expect(await request('listConversations', { limit: 2, offset: 2 })).toMatchObject({ conversations: [{ id: ids[0] }], hasMore: false });
  });

  it('searches, with the matched words as parts of their own', async () => {
    conversation('Tell me about lighthouses', 'Lighthouses guide ships at night');
    const { hits } = (await request('searchHistory', { text: 'ships' })) as { hits: { role: string; parts: { text: string; hit: boolean }[] }[] };
    expect(hits).toHaveLength(1);
    expect(hits[0]!.role).toBe('assistant');
    expect(hits[0]!.parts.filter((p) => p.hit).map((p) => p.text)).toEqual(['ships']);
    expect(hits[0]!.parts.map((p) => p.text).join('')).toBe('Lighthouses guide ships at night');
    expect(await request('searchHistory', { text: '   ' })).toEqual({ hits: [] });
  });

  it('opens a conversation with its turns, and names an unknown one in plain words', async () => {
    const id = conversation('Weather in Oslo?', 'Cold and clear');
    const got = (await request('getHistoryConversation', { id })) as { title: string; turns: { seq: number; role: string; text: string; kind: string }[] };
    expect(got.title).toBe('Weather in Oslo?');
    expect(got.turns.map((t) => [t.seq, t.role, t.kind, t.text])).toEqual([
      [1, 'user', 'text', 'Weather in Oslo?'],
      [2, 'assistant', 'voice', 'Cold and clear'],
    ]);
    await expect(request('getHistoryConversation', { id: id + 1 })).rejects.toThrow(`There is no conversation ${id + 1} in the history.`);
  });

  it('renames, deletes and restores, telling every page each time', async () => {
    const id = conversation('Old name', 'Answer');
    expect(await request('renameConversation', { id, title: '  Trip\nplans  ' })).toMatchObject({ id, title: 'Trip plans', turnCount: 2 });
    expect(emitted).toEqual(['historyChanged']);
    await request('deleteConversation', { id });
    expect((await request('listConversations')) as object).toEqual({ conversations: [], hasMore: false });
    await expect(request('getHistoryConversation', { id })).rejects.toThrow(/no conversation/);
    await expect(request('renameConversation', { id, title: 'x' })).rejects.toThrow(/no conversation/);
    await request('restoreConversation', { id });
    expect(((await request('listConversations')) as { conversations: { title: string }[] }).conversations.map((c) => c.title)).toEqual(['Trip plans']);
    expect(emitted).toEqual(['historyChanged', 'historyChanged', 'historyChanged']);
    await expect(request('restoreConversation', { id })).rejects.toThrow(/no conversation/);
  });

  it('exports one conversation or all, as Markdown or JSON', async () => {
    const a = conversation('Alpha question', 'Alpha answer');
    conversation('Beta question', 'Beta answer');
    const one = ((await request('exportHistory', { id: a, format: 'md' })) as { text: string }).text;
    expect(one).toMatch(/^# Alpha question\n/);
    expect(one).not.toContain('Beta');
    const all = JSON.parse(((await request('exportHistory', { format: 'json' })) as { text: string }).text);
    expect(all).toMatchObject({ format: 'voice-assistant-history', version: 1 });
    expect(all.conversations.map((c: { title: string }) => c.title)).toEqual(['Alpha question', 'Beta question']);
    await expect(request('exportHistory', { id: 999, format: 'md' })).rejects.toThrow(/no conversation 999/);
  });

  it('refuses malformed requests before they reach the store', async () => {
    for (const [name, payload] of [
      ['listConversations', { limit: 0 }],
      ['listConversations', { limit: 10_000 }],
      ['getHistoryConversation', { id: -1 }],
      ['getHistoryConversation', { id: 1.5 }],
      ['renameConversation', { id: 1, title: '   ' }],
      ['exportHistory', { format: 'html' }],
      ['searchHistory', {}],
      ['deleteConversation', { id: 1, extra: true }],
    ] as const) {
      const result = await dispatchRequest(handlers, name, payload, client);
      expect(result, `${name} ${JSON.stringify(payload)}`).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    }
    expect(emitted).toEqual([]);
  });
});

describe('usage by day', () => {
  // Local times: the days are the reader's calendar days, whatever the machine's zone.
  const local = (month: number, day: number, hours: number, minutes = 0, seconds = 0): number => new Date(2025, month - 1, day, hours, minutes, seconds).getTime();
  const NOW = local(3, 10, 12);

  function reply(id: number, completedAt: number, usage: object | null): void {
    store.appendTurn(id, newTurn({ role: 'assistant', startedAt: completedAt - 1000, completedAt, usage }));
  }

  beforeEach(() => {
    handlers = historyHandlers({ history: store, emit: (name) => void emitted.push(name) }, () => NOW) as unknown as Handlers<Client>;
    const id = store.startConversation(null, local(2, 1, 8));
    store.appendTurn(id, newTurn({ startedAt: local(3, 10, 8, 59), completedAt: local(3, 10, 9) })); // the user's turn: no usage
    reply(id, local(2, 1, 9), { inputTokens: 7, outputTokens: 7, costUsd: 7 }); // in the last 38 days, not the last 30
    reply(id, local(3, 8, 23, 59, 59), { inputTokens: 1, outputTokens: 1, costUsd: 1 });
    reply(id, local(3, 9, 0), { inputTokens: 200, outputTokens: 60, costUsd: 0.02 });
    reply(id, local(3, 10, 9, 0, 5), { inputTokens: 100, outputTokens: 40, cachedTokens: 64, costUsd: 0.01 });
    reply(id, local(3, 10, 11), { inputTokens: 50, outputTokens: 5 }); // a model without a price
    reply(id, NOW + 30_000, { inputTokens: 10, outputTokens: 1, costUsd: 0.5 }); // written just now, by a clock a little ahead
  });

  it('sums each local day from the start of the first one, oldest first, counting the unpriced apart', async () => {
    const { days } = (await request('usageByDay', { days: 2 })) as { days: unknown[] };
    expect(days).toEqual([
      { day: '2025-03-09', responses: 1, inputTokens: 200, outputTokens: 60, cachedTokens: 0, costUsd: 0.02, unpriced: 0 },
      { day: '2025-03-10', responses: 3, inputTokens: 160, outputTokens: 46, cachedTokens: 64, costUsd: expect.closeTo(0.51, 12), unpriced: 1 },
    ]);
    expect(emitted).toEqual([]);
  });

  it('covers the last 30 days unless asked for more', async () => {
    const days = async (payload?: unknown): Promise<string[]> => ((await request('usageByDay', payload)) as { days: { day: string }[] }).days.map((d) => d.day);
    expect(await days()).toEqual(['2025-03-08', '2025-03-09', '2025-03-10']);
    expect(await days({})).toEqual(['2025-03-08', '2025-03-09', '2025-03-10']);
    expect(await days({ days: 1 })).toEqual(['2025-03-10']);
    expect(await days({ days: 38 })).toEqual(['2025-02-01', '2025-03-08', '2025-03-09', '2025-03-10']);
  });

  it('refuses a number of days outside 1 to 366', async () => {
    for (const payload of [{ days: 0 }, { days: 367 }, { days: 1.5 }, { days: '7' }, { days: 7, from: 0 }]) {
      const result = await dispatchRequest(handlers, 'usageByDay', payload, client);
      expect(result, JSON.stringify(payload)).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    }
  });
});

describe('history off', () => {
  it('every history request fails with one plain sentence on the real core', async () => {
    const h = await startApp({ history: null });
    for (const [name, payload] of [
      ['listConversations', undefined],
      ['searchHistory', { text: 'x' }],
      ['getHistoryConversation', { id: 1 }],
      ['renameConversation', { id: 1, title: 'x' }],
      ['deleteConversation', { id: 1 }],
      ['restoreConversation', { id: 1 }],
      ['exportHistory', { format: 'md' }],
      ['usageByDay', undefined],
    ] as const) {
      await expect(h.request(name, payload), name).rejects.toThrow(HISTORY_OFF);
    }
  });
});
