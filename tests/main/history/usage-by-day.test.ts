import { describe, expect, it } from 'vitest';
import { HistoryStore } from '../../../src/main/history/history-store';
import { localDay, usageByDay } from '../../../src/main/history/usage-by-day';
import { newTurn } from '../../support/history';

const at = (iso: string): number => Date.parse(iso);
const utcDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

describe('usageByDay', () => {
  it('sums each day’s tokens and cost, counts the unpriced, and skips turns without usage or outside the range', () => {
    const store = HistoryStore.open(':memory:');
    const a = store.startConversation(null, at('2026-03-01T08:00:00Z'));
    const b = store.startConversation(null, at('2026-03-02T08:00:00Z'));
    const reply = (iso: string, usage: object | null) => newTurn({ role: 'assistant', startedAt: at(iso) - 1000, completedAt: at(iso), usage });
    store.appendTurn(a, newTurn({ completedAt: at('2026-03-01T09:00:00Z'), startedAt: at('2026-03-01T08:59:59Z') })); // the user's turn: no usage
    store.appendTurn(a, reply('2026-03-01T09:00:05Z', { inputTokens: 100, outputTokens: 40, cachedTokens: 64, costUsd: 0.01 }));
    store.appendTurn(a, reply('2026-03-01T23:59:59Z', { inputTokens: 200, outputTokens: 60, costUsd: 0.02 }));
    store.appendTurn(b, reply('2026-03-02T00:00:00Z', { inputTokens: 50, outputTokens: 5 })); // no price
    store.appendTurn(b, reply('2026-03-02T10:00:00Z', { inputTokens: 10, outputTokens: 1, costUsd: 0.5 }));
    store.delete(b, at('2026-03-03T00:00:00Z')); // still spent
    store.appendTurn(a, reply('2026-03-05T10:00:00Z', { inputTokens: 999, costUsd: 9 })); // after the range

    const days = usageByDay(store, { from: at('2026-03-01T00:00:00Z'), to: at('2026-03-05T00:00:00Z') }, utcDay);
    expect(days).toEqual([
      { day: '2026-03-01', responses: 2, inputTokens: 300, outputTokens: 100, cachedTokens: 64, costUsd: expect.closeTo(0.03, 12), unpriced: 0 },
      { day: '2026-03-02', responses: 2, inputTokens: 60, outputTokens: 6, cachedTokens: 0, costUsd: 0.5, unpriced: 1 },
    ]);
    expect(usageByDay(store, { from: 0, to: 1 })).toEqual([]);
    store.close();
  });

  it('names days in local time', () => {
    const noon = new Date(2026, 0, 9, 12, 0, 0).getTime();
    expect(localDay(noon)).toBe('2026-01-09');
    expect(localDay(new Date(2026, 11, 31, 23, 59, 59).getTime())).toBe('2026-12-31');
  });
});
