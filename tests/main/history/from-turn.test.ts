import { describe, expect, it } from 'vitest';
import { fromTurn, restoredConversation, restoredTurn, usageFrom } from '../../../src/main/history/from-turn';
import type { Turn } from '../../../src/shared/domain';

const turn = (over: Partial<Turn> = {}): Turn => ({ id: 'item_1', role: 'assistant', kind: 'audio', text: 'Sure, here it is', status: 'done', createdAt: 1000, ...over });

describe('fromTurn', () => {
  it('maps a completed app turn, audio as voice, with its figures', () => {
    expect(fromTurn(turn(), { completedAt: 4000, usage: { total_tokens: 30, input_tokens: 10, output_tokens: 20, output_token_details: { audio_tokens: 15 } }, latency: { firstAudioMs: 250 } })).toEqual({
      role: 'assistant',
      kind: 'voice',
      text: 'Sure, here it is',
      status: 'done',
      truncatedAtMs: null,
      startedAt: 1000,
      completedAt: 4000,
      usage: { totalTokens: 30, inputTokens: 10, outputTokens: 20, outputAudioTokens: 15 },
      latency: { firstAudioMs: 250 },
    });
    expect(fromTurn(turn({ role: 'user', kind: 'text' }), { completedAt: 1500 })).toMatchObject({ role: 'user', kind: 'text', usage: null, latency: null });
  });

  it('takes the played audio as the cut point of a truncated reply', () => {
    expect(fromTurn(turn({ status: 'truncated', audioMs: 2399.6 }), { completedAt: 5000 })).toMatchObject({ status: 'truncated', truncatedAtMs: 2400 });
    expect(fromTurn(turn({ status: 'cancelled', audioMs: 800 }), { completedAt: 5000 })).toMatchObject({ status: 'cancelled', truncatedAtMs: null });
  });

  it('keeps nothing of a turn in progress or of a failed one without words', () => {
    expect(fromTurn(turn({ status: 'in_progress' }), { completedAt: 2000 })).toBeNull();
    expect(fromTurn(turn({ status: 'failed', text: '  ', error: 'too short' }), { completedAt: 2000 })).toBeNull();
  });

  it('keeps a failed turn that has words as cancelled', () => {
    expect(fromTurn(turn({ role: 'user', kind: 'text', status: 'failed', text: 'Are you there?' }), { completedAt: 2000 })).toMatchObject({ status: 'cancelled', text: 'Are you there?' });
  });

  it('never stores a completion before the start', () => {
    expect(fromTurn(turn({ createdAt: 9000 }), { completedAt: 2000 })!.completedAt).toBe(9000);
  });
});

describe('usageFrom', () => {
  it('keeps only the counts the server gave', () => {
    expect(usageFrom(null)).toBeNull();
    expect(usageFrom({})).toBeNull();
    expect(usageFrom({ input_tokens: 5, input_token_details: { cached_tokens: 2, audio_tokens: 3 } })).toEqual({ inputTokens: 5, cachedTokens: 2, inputAudioTokens: 3 });
  });
});

describe('restoredTurn', () => {
  it('shows a stored turn again, marked restored, under an id no server item takes', () => {
    const stored = { id: 42, conversationId: 3, seq: 2, role: 'assistant' as const, kind: 'voice' as const, text: 'Sunny and', status: 'truncated' as const, truncatedAtMs: 800, startedAt: 1000, completedAt: 2000, usage: null, latency: null };
    expect(restoredTurn(stored)).toEqual({ id: 'history-42', role: 'assistant', kind: 'audio', text: 'Sunny and', status: 'truncated', audioMs: 800, createdAt: 1000, restored: true });
    expect(restoredTurn({ ...stored, kind: 'text', status: 'done', truncatedAtMs: null })).not.toHaveProperty('audioMs');
  });

  it('gives a continued conversation its turns and what its priced responses cost', () => {
    const turn = { conversationId: 3, role: 'assistant' as const, kind: 'text' as const, text: 'Hi', status: 'done' as const, truncatedAtMs: null, startedAt: 1, completedAt: 2, latency: null };
    const conversation = { id: 3, title: 'Hi', createdAt: 1, updatedAt: 2, deletedAt: null, turnCount: 3, turns: [
      { ...turn, id: 1, seq: 1, usage: { inputTokens: 5, costUsd: 0.25 } },
      { ...turn, id: 2, seq: 2, usage: { inputTokens: 5 } },
      { ...turn, id: 3, seq: 3, usage: { costUsd: 0.5 } },
    ] };
    const restored = restoredConversation(conversation);
    expect(restored.turns.map((t) => t.id)).toEqual(['history-1', 'history-2', 'history-3']);
    expect(restored.from).toEqual({ continues: 3, costUsd: 0.75 });
    expect(restoredConversation({ ...conversation, turns: [{ ...turn, id: 1, seq: 1, usage: null }] }).from).toEqual({ continues: 3 });
  });
});
