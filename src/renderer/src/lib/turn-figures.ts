// What the window shows of each response's figures (the `turnFigures` event): a compact line on its turn,
// a breakdown for the tooltip, and for the status bar the conversation's cost and the median time from the
// end of the user's turn to the reply being heard, over the last turns.
import { formatUsd } from '../../../shared/pricing';
import { median, tokensOf, type TurnFigures } from '../../../shared/turn-figures';

/** The status bar's median covers this many of the latest turns that were heard. */
export const MEDIAN_TURNS = 10;

export interface FiguresSummary {
  /** What the conversation cost so far (list prices); null while nothing in it had a price. */
  costUsd: number | null;
  /** The median total latency of the last MEDIAN_TURNS turns heard; null before the first. */
  medianTotalMs: number | null;
  /** How many turns that median is over. */
  medianOf: number;
}

export const NO_FIGURES: FiguresSummary = { costUsd: null, medianTotalMs: null, medianOf: 0 };
export const NO_TURN_FIGURES: ReadonlyMap<string, TurnFigures> = new Map();

/** The figures of the conversation on screen, kept from the events; each change hands out new objects. */
export class FiguresBook {
  private byTurn = new Map<string, TurnFigures>();
  private totals: number[] = [];
  private costUsd: number | null = null;

  get turns(): ReadonlyMap<string, TurnFigures> {
    return this.byTurn;
  }

  get summary(): FiguresSummary {
    return { costUsd: this.costUsd, medianTotalMs: median(this.totals), medianOf: this.totals.length };
  }

  add(figures: TurnFigures): void {
    if (figures.turnId) this.byTurn = new Map(this.byTurn).set(figures.turnId, figures);
    if (figures.latency.totalMs !== null) this.totals = [...this.totals, figures.latency.totalMs].slice(-MEDIAN_TURNS);
    // The core's running sum: right even for a window opened in the middle of the conversation.
    if (figures.costUsd !== null || this.costUsd !== null) this.costUsd = figures.conversationCostUsd;
  }

  /** The conversation was cleared, or replaced by a continued one that had cost `costUsd` so far. */
  reset(costUsd?: number): void {
    this.byTurn = new Map();
    this.totals = [];
    this.costUsd = costUsd ?? null;
  }
}

/** "0.62 s · 1.2k tokens · $0.004": what is known of the response, or null when nothing is. */
export function compactLine(f: TurnFigures): string | null {
  const tokens = tokensOf(f.usage);
  const parts = [
    f.latency.totalMs !== null ? formatSeconds(f.latency.totalMs) : null,
    tokens !== null ? `${formatTokens(tokens)} tokens` : null,
    f.costUsd !== null ? formatUsd(f.costUsd) : null,
  ].filter((p): p is string => p !== null);
  return parts.length ? parts.join(' · ') : null;
}

const STAGES = [
  ['releaseToCommitMs', 'End of speech → sent'],
  ['commitToCreatedMs', 'Sent → reply started'],
  ['createdToFirstDeltaMs', 'Reply started → first audio'],
  ['firstDeltaToAudibleMs', 'First audio → heard'],
  ['totalMs', 'Total'],
] as const;

/** The breakdown behind the compact line, one fact a line. */
export function detailLines(f: TurnFigures): string[] {
  const lines: string[] = [];
  for (const [key, label] of STAGES) {
    const ms = f.latency[key];
    if (ms !== null) lines.push(`${label}: ${formatMs(ms)}`);
  }
  const u = f.usage;
  if (u) {
    const input = [u.cachedTokens ? `${u.cachedTokens} cached` : null, u.inputAudioTokens ? `${u.inputAudioTokens} audio` : null].filter(Boolean).join(', ');
    const output = u.outputAudioTokens ? ` (${u.outputAudioTokens} audio)` : '';
    lines.push(`Tokens: ${u.inputTokens ?? '?'} in${input ? ` (${input})` : ''}, ${u.outputTokens ?? '?'} out${output}`);
  }
  if (f.costUsd !== null) lines.push(`Cost: ${formatUsd(f.costUsd)} at ${f.model ?? 'the model'}'s list prices`);
  else if (u) lines.push(f.model ? `No price known for ${f.model} (Settings can add one)` : 'No price: the model is not known');
  return lines;
}

export function formatSeconds(ms: number): string {
  const s = ms / 1000;
  return `${s < 10 ? s.toFixed(2) : s.toFixed(1)} s`;
}

export function formatMs(ms: number): string {
  if (ms >= 1000) return formatSeconds(ms);
  return `${ms < 10 ? Number(ms.toFixed(1)) : Math.round(ms)} ms`;
}

export function formatTokens(n: number): string {
  if (n < 1000) return String(Math.round(n));
  if (n < 1_000_000) return `${Number((n / 1000).toFixed(n < 10_000 ? 1 : 0))}k`;
  return `${Number((n / 1_000_000).toFixed(1))}M`;
}
