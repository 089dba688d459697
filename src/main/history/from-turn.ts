// From the app's Turn (src/shared/domain.ts) to what the history stores, so the core can record a turn the
// moment it completes; and back, to continue a stored conversation.
import type { Turn } from '../../shared/domain';
import type { ContinuedFrom } from '../assistant/conversation-model';
import type { Usage } from '../../shared/protocol/events';
import type { Conversation, NewTurn, StoredTurn, TurnLatency, TurnUsage } from './types';

/** What the app knows about a turn besides the Turn itself. */
export interface TurnFigures {
  completedAt: number;
  /** response.done's usage, as the protocol normaliser passes it on. */
  usage?: Usage | null;
  latency?: TurnLatency | null;
}

export function usageFrom(usage: Usage | null | undefined): TurnUsage | null {
  if (!usage) return null;
  const out: TurnUsage = {
    inputTokens: usage.input_tokens,
    outputTokens: usage.output_tokens,
    totalTokens: usage.total_tokens,
    inputTextTokens: usage.input_token_details?.text_tokens,
    inputAudioTokens: usage.input_token_details?.audio_tokens,
    outputTextTokens: usage.output_token_details?.text_tokens,
    outputAudioTokens: usage.output_token_details?.audio_tokens,
    cachedTokens: usage.input_token_details?.cached_tokens,
    cachedAudioTokens: cachedAudioOf(usage),
  };
  const present = Object.entries(out).filter(([, v]) => typeof v === 'number' && Number.isFinite(v));
  return present.length > 0 ? (Object.fromEntries(present) as TurnUsage) : null;
}

/** The service splits its cached tokens (`cached_tokens_details`); the protocol schema passes it on unchecked. */
function cachedAudioOf(usage: Usage): number | undefined {
  const details = (usage.input_token_details as { cached_tokens_details?: unknown } | undefined)?.cached_tokens_details;
  const audio = details && typeof details === 'object' ? (details as { audio_tokens?: unknown }).audio_tokens : undefined;
  return typeof audio === 'number' && audio >= 0 ? audio : undefined;
}

/**
 * The stored form of a completed turn, or null when there is nothing to keep:
 * - still in progress (it is recorded when it completes);
 * - failed with no text (a press too short, a connection lost before any word): nothing was said.
 * A failed turn that has text (a typed question that never got its answer, a reply cut by a dropped
 * connection) is kept as cancelled: the words are part of the conversation, the turn did not finish.
 * For a truncated turn, `audioMs` is what was played, which is where the reply was cut.
 */
export function fromTurn(turn: Turn, figures: TurnFigures): NewTurn | null {
  if (turn.status === 'in_progress') return null;
  if (turn.status === 'failed' && turn.text.trim() === '') return null;
  const status = turn.status === 'failed' ? 'cancelled' : turn.status;
  return {
    role: turn.role,
    kind: turn.kind === 'audio' ? 'voice' : 'text',
    text: turn.text,
    status,
    truncatedAtMs: status === 'truncated' && turn.audioMs !== undefined ? Math.round(turn.audioMs) : null,
    startedAt: turn.createdAt,
    completedAt: Math.max(figures.completedAt, turn.createdAt),
    usage: usageFrom(figures.usage),
    latency: figures.latency ?? null,
  };
}

/**
 * A stored turn as the conversation shows it again, to continue it: marked restored (recorded already,
 * never answered again), with an id of its own that no server item id can take.
 */
export function restoredTurn(stored: StoredTurn): Turn {
  return {
    id: `history-${stored.id}`,
    role: stored.role,
    kind: stored.kind === 'voice' ? 'audio' : 'text',
    text: stored.text,
    status: stored.status,
    ...(stored.truncatedAtMs !== null ? { audioMs: stored.truncatedAtMs } : {}),
    createdAt: stored.startedAt,
    restored: true,
  };
}

/**
 * A stored conversation as the assistant continues it: its turns restored, and the reset that says which
 * conversation goes on and what its priced responses cost (left out when none had a price).
 */
export function restoredConversation(stored: Conversation): { turns: Turn[]; from: ContinuedFrom } {
  const priced = stored.turns.flatMap((t) => (t.usage?.costUsd !== undefined ? [t.usage.costUsd] : []));
  const from = priced.length > 0 ? { continues: stored.id, costUsd: priced.reduce((a, b) => a + b, 0) } : { continues: stored.id };
  return { turns: stored.turns.map(restoredTurn), from };
}

