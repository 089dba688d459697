// The conversation so far, as the items that give a new, empty server session its context: one replay for a
// reconnect after a drop or the session cap, a planned rollover, and a conversation continued later. Turns go
// as text (audio is not kept, and text costs far fewer tokens), the newest first until the budget is spent,
// then are sent oldest first so the model reads them in the order they were said.
import type { Turn } from '../../shared/domain';
import type { ClientEvent, ConversationItem } from '../../shared/protocol/events';
import { assistantTextItem, userTextItem } from '../../shared/protocol/encode';

export type ItemCreate = Extract<ClientEvent, { type: 'conversation.item.create' }>;

/** What a turn needs to be replayed: the conversation model's turns and the history's stored turns both fit. */
export type ReplayTurn = Pick<Turn, 'role' | 'text' | 'status'>;

export const CONTINUE_NOTE = 'Continue the conversation; do not greet again.';
const EARLIER_LEFT_OUT = 'Earlier turns were left out.';
/** A few thousand tokens of context: enough for a long exchange, a small share of any Realtime model's window. */
export const DEFAULT_REPLAY_TOKENS = 4000;

/**
 * A rough token count: about four characters a token for English text. It only needs to keep the replay
 * near the budget; the server's own count is what it bills.
 */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/** A turn worth replaying: something was said. A failed turn never reached the model, one in progress is not over. */
function replayable(turn: ReplayTurn): boolean {
  return turn.text.trim() !== '' && turn.status !== 'failed' && turn.status !== 'in_progress';
}

function systemNote(text: string): ConversationItem {
  return { type: 'message', role: 'system', content: [{ type: 'input_text', text }] };
}

/**
 * The conversation.item.create events that replay `turns` (oldest first, as the conversation holds them)
 * into a new session: a leading system note, then the newest turns that fit in `budgetTokens` (the note
 * included), in chronological order. Nothing to replay gives no events at all. When even the newest turn is
 * over the budget, its end is kept: the latest words matter most to what comes next.
 */
export function buildReplay(turns: readonly ReplayTurn[], budgetTokens = DEFAULT_REPLAY_TOKENS): ItemCreate[] {
  const candidates = turns.filter(replayable);
  if (candidates.length === 0) return [];
  const note = (leftOut: boolean): string => (leftOut ? `${CONTINUE_NOTE} ${EARLIER_LEFT_OUT}` : CONTINUE_NOTE);
  // Budgeted against the longer note, so that either fits.
  let left = budgetTokens - estimateTokens(note(true));
  const kept: ReplayTurn[] = [];
  for (let i = candidates.length - 1; i >= 0; i--) {
    const turn = candidates[i]!;
    const cost = estimateTokens(turn.text);
    if (cost <= left) {
      kept.push(turn);
      left -= cost;
      continue;
    }
    if (kept.length === 0 && left > 0) kept.push({ ...turn, text: `…${turn.text.slice(-(left * 4 - 1))}` });
    break;
  }
  if (kept.length === 0) return [];
  kept.reverse();
  const items = [systemNote(note(kept.length < candidates.length)), ...kept.map((t) => (t.role === 'user' ? userTextItem(t.text) : assistantTextItem(t.text)))];
  return items.map((item) => ({ type: 'conversation.item.create', item }));
}
