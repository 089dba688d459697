// What the core measures of each response and tells the windows (the `turnFigures` event): where the time
// went between the end of the user's turn and the reply being heard, the tokens the server counted, and
// what they cost. Shared so that the contract, the renderer and the history agree on one shape.
import { z } from 'zod';

const ms = z.number().nonnegative().nullable();

/**
 * Milliseconds between the moments of one turn, each null when a moment is missing (a typed message has no
 * key release, a text-only reply no audio, a reply cut before it was heard no audible start):
 * end of the user's speech (key release, or the server's speech_stopped) → commit (sent by the app, or the
 * server's `committed` in hands-free) → response.created → first audio delta received → first audio
 * audible (by the speaker's played-sample counter). `totalMs` runs from the first known of the first two
 * moments to audible.
 */
export const turnLatencySchema = z.object({
  releaseToCommitMs: ms,
  commitToCreatedMs: ms,
  createdToFirstDeltaMs: ms,
  firstDeltaToAudibleMs: ms,
  totalMs: ms,
});
export type TurnLatencyFigures = z.infer<typeof turnLatencySchema>;
export const LATENCY_STAGES = ['releaseToCommitMs', 'commitToCreatedMs', 'createdToFirstDeltaMs', 'firstDeltaToAudibleMs', 'totalMs'] as const;
export type LatencyStage = (typeof LATENCY_STAGES)[number];

const count = z.number().nonnegative().optional();
/**
 * response.done's usage, camel-cased (the history stores the same shape): any count may be missing. The
 * text counts include their cached part; `cachedTokens` is the cached part of the input (text and audio),
 * `cachedAudioTokens` its audio part when the server says so.
 */
export const turnUsageSchema = z.object({
  inputTokens: count,
  outputTokens: count,
  totalTokens: count,
  inputTextTokens: count,
  inputAudioTokens: count,
  outputTextTokens: count,
  outputAudioTokens: count,
  cachedTokens: count,
  cachedAudioTokens: count,
});
export type TurnUsageFigures = z.infer<typeof turnUsageSchema>;

export const turnFiguresSchema = z.object({
  /** The assistant turn (its item id) the response made; null for a response that made none. */
  turnId: z.string().nullable(),
  responseId: z.string(),
  /** The model the cost was priced for, as the server named it (or as set in Settings). */
  model: z.string().nullable(),
  latency: turnLatencySchema,
  usage: turnUsageSchema.nullable(),
  /** In US dollars; null when the model has no price or the server sent no usage. */
  costUsd: z.number().nonnegative().nullable(),
  /** Everything priced in the conversation so far, this response included. */
  conversationCostUsd: z.number().nonnegative(),
});
export type TurnFigures = z.infer<typeof turnFiguresSchema>;

/** The middle value (the mean of the two middle ones for an even count); null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Total tokens of a usage: the server's total, or input plus output. */
export function tokensOf(usage: TurnUsageFigures | null): number | null {
  if (!usage) return null;
  if (usage.totalTokens !== undefined) return usage.totalTokens;
  if (usage.inputTokens === undefined && usage.outputTokens === undefined) return null;
  return (usage.inputTokens ?? 0) + (usage.outputTokens ?? 0);
}
