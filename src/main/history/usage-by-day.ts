// What the assistant used and cost, day by day: the usage stored with each turn (HistoryRecorder keeps each
// response's counts and the cost it was priced at then) summed per local calendar day. Every turn still in
// the file counts, a conversation deleted but not yet purged included: its tokens were spent all the same.
import type { HistoryStore } from './history-store';

export interface DayUsage {
  /** The local calendar day, YYYY-MM-DD. */
  day: string;
  /** Turns with usage: one per response. */
  responses: number;
  inputTokens: number;
  outputTokens: number;
  cachedTokens: number;
  /** US dollars, of the responses that had a price. */
  costUsd: number;
  /** Responses with counts but no price (a model without one): the cost leaves them out. */
  unpriced: number;
}

interface Row {
  at: number;
  input: number | null;
  output: number | null;
  cached: number | null;
  cost: number | null;
}

/** The local day of a moment, YYYY-MM-DD. */
export function localDay(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** Days with usage in [from, to) (epoch ms, by when the turn completed), oldest first. */
export function usageByDay(store: HistoryStore, range: { from: number; to: number }, dayOf: (ms: number) => string = localDay): DayUsage[] {
  const rows = store.db
    .prepare(
      `SELECT completed_at AS at, json_extract(usage, '$.inputTokens') AS input, json_extract(usage, '$.outputTokens') AS output,
         json_extract(usage, '$.cachedTokens') AS cached, json_extract(usage, '$.costUsd') AS cost
       FROM turns WHERE usage IS NOT NULL AND completed_at >= ? AND completed_at < ? ORDER BY completed_at`,
    )
    .all(range.from, range.to) as Row[];
  const days = new Map<string, DayUsage>();
  for (const row of rows) {
    const day = dayOf(row.at);
    let sum = days.get(day);
    if (!sum) days.set(day, (sum = { day, responses: 0, inputTokens: 0, outputTokens: 0, cachedTokens: 0, costUsd: 0, unpriced: 0 }));
    sum.responses += 1;
    sum.inputTokens += numberOr0(row.input);
    sum.outputTokens += numberOr0(row.output);
    sum.cachedTokens += numberOr0(row.cached);
    if (typeof row.cost === 'number') sum.costUsd += row.cost;
    else sum.unpriced += 1;
  }
  return [...days.values()];
}

// The column is JSON written by this app, but a hand-edited file may hold anything.
const numberOr0 = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) ? value : 0);
