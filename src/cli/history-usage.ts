// `history usage`: the per-day usage as a plain table for a terminal (--json gives the days themselves).
import type { DayUsage } from '../main/history/usage-by-day';
import { formatUsageCost, totalUsage, type UsageTotals } from '../shared/history';

const COLUMNS = ['DAY', 'RESPONSES', 'INPUT TOK', 'OUTPUT TOK', 'CACHED', 'COST'] as const;

/** Oldest first with the totals last, so the latest day and the sum are what stays on screen. */
export function usageTable(days: readonly DayUsage[], span: number): string {
  if (days.length === 0) return `No usage recorded in the last ${span} day${span === 1 ? '' : 's'}.\n`;
  const row = (label: string, d: UsageTotals): { cells: string[]; note: string } => ({
    cells: [label, String(d.responses), String(d.inputTokens), String(d.outputTokens), String(d.cachedTokens), formatUsageCost(d.costUsd)],
    note: d.unpriced > 0 ? `${d.unpriced} unpriced` : '',
  });
  const rows = [...days.map((d) => row(d.day, d)), row('TOTAL', totalUsage(days))];
  const widths = COLUMNS.map((header, i) => Math.max(header.length, ...rows.map((r) => r.cells[i]!.length)));
  // The day is text and reads from the left; the figures line up on their last digit.
  const line = (cells: readonly string[], note: string): string =>
    `${cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ')}${note ? `  ${note}` : ''}\n`;
  return line(COLUMNS, '') + rows.map((r) => line(r.cells, r.note)).join('');
}
