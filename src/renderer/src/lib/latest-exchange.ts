// What the quick-ask popup shows of the conversation: the newest user turn and the assistant's reply to
// it, not the whole log. Scans from the end, so a long conversation costs no more than a short one.
import type { Turn } from '../../../shared/domain';

export interface Exchange {
  question: Turn | null;
  answer: Turn | null;
}

export function latestExchange(turns: readonly Turn[]): Exchange {
  let answer: Turn | null = null;
  for (let i = turns.length - 1; i >= 0; i--) {
    const turn = turns[i]!;
    if (turn.role === 'user') return { question: turn, answer };
    // The newest assistant turn after the question is its reply (a later one supersedes an earlier one).
    answer ??= turn;
  }
  return { question: null, answer };
}
