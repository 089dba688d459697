// What the assistant used and cost, day by day: the usage stored with each turn (HistoryRecorder keeps each
// response's counts and the cost it was priced at then) summed per local calendar day. Every turn still in
// the file counts, a conversation deleted but not yet purged included: its tokens were spent all the same.
import type { DayUsage } from '../../shared/history';
import type { HistoryStore } from './history-store';

// The contract's schema is the type, so what the query returns is what the window may be sent.
export type { DayUsage };

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

/** How far a just-written turn may lie past "now" and still count: the recorder stamps it with its own clock read. */
const JUST_WRITTEN_MS = 60_000;

/** The range of the last `days` local days, today included: from the start of the first to a little past `now`. */
export function lastDays(days: number, now: number): { from: number; to: number } {
  const today = new Date(now);
  // The Date constructor takes care of month ends and of days that are 23 or 25 hours long.
  const from = new Date(today.getFullYear(), today.getMonth(), today.getDate() - (days - 1)).getTime();
  return { from, to: now + JUST_WRITTEN_MS };
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
