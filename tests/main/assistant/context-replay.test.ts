// The replay that gives a new server session the conversation so far: what goes (and in what order), the
// token budget, and the wire shapes in both dialects.
import { describe, expect, it } from 'vitest';
import { buildReplay, CONTINUE_NOTE, estimateTokens, type ReplayTurn } from '../../../src/main/assistant/context-replay';
import { encodeClientEvent } from '../../../src/shared/protocol/encode';

const user = (text: string, status: ReplayTurn['status'] = 'done'): ReplayTurn => ({ role: 'user', text, status });
const assistant = (text: string, status: ReplayTurn['status'] = 'done'): ReplayTurn => ({ role: 'assistant', text, status });

const texts = (events: ReturnType<typeof buildReplay>): string[] =>
  events.map((e) => (e.item.content?.[0] as { text: string }).text);

describe('buildReplay', () => {
  it('sends a leading system note, then every turn in the order it was said', () => {
    const events = buildReplay([user('Hi'), assistant('Hello! How can I help?'), user('What is 2+2?'), assistant('4.')]);
    expect(events.every((e) => e.type === 'conversation.item.create')).toBe(true);
    expect(events.map((e) => e.item.role)).toEqual(['system', 'user', 'assistant', 'user', 'assistant']);
    expect(texts(events)).toEqual([CONTINUE_NOTE, 'Hi', 'Hello! How can I help?', 'What is 2+2?', '4.']);
    expect(events[0]!.item.content?.[0]?.type).toBe('input_text');
    expect(events[1]!.item.content?.[0]?.type).toBe('input_text');
    expect(events[2]!.item.content?.[0]?.type).toBe('text');
    expect(CONTINUE_NOTE).toBe('Continue the conversation; do not greet again.');
  });

  it('leaves out what never reached the model or is not over, and empty turns; nothing to replay sends nothing', () => {
    const events = buildReplay([
      user('', 'done'), // spoken, no transcript
      user('too short', 'failed'),
      user('kept'),
      assistant('cut off when the user spoke', 'truncated'),
      assistant('half an ans', 'cancelled'),
      assistant('still streaming', 'in_progress'),
    ]);
    expect(texts(events)).toEqual([CONTINUE_NOTE, 'kept', 'cut off when the user spoke', 'half an ans']);
    expect(buildReplay([])).toEqual([]);
    expect(buildReplay([user('', 'done'), user('x', 'failed')])).toEqual([]);
  });

  it('keeps the newest turns that fit the budget (about 4 characters a token) and says older ones were left out', () => {
    expect(estimateTokens('abcd')).toBe(1);
    expect(estimateTokens('abcde')).toBe(2);
    const turns = Array.from({ length: 10 }, (_, i) => user(`turn ${i} `.padEnd(40, '.'))); // 10 tokens each
    const noteTokens = estimateTokens(`${CONTINUE_NOTE} Earlier turns were left out.`);
    const events = buildReplay(turns, noteTokens + 35);
    expect(texts(events).slice(1).map((t) => t.slice(0, 6))).toEqual(['turn 7', 'turn 8', 'turn 9']);
    expect(texts(events)[0]).toBe(`${CONTINUE_NOTE} Earlier turns were left out.`);
    const all = buildReplay(turns, 10_000);
    expect(all).toHaveLength(11);
    expect(texts(all)[0]).toBe(CONTINUE_NOTE);
  });

  it('stops at the first turn that does not fit: the replay is never a conversation with holes', () => {
    const events = buildReplay([user('short one'), user('x'.repeat(400)), user('short two')], 30 + 20);
    expect(texts(events).slice(1)).toEqual(['short two']);
  });

  it('keeps the end of a newest turn that alone is over the budget', () => {
    const long = `${'a'.repeat(1000)}THE END`;
    const events = buildReplay([user(long)], 40);
    const kept = texts(events)[1]!;
    expect(kept.startsWith('…')).toBe(true);
    expect(kept.endsWith('THE END')).toBe(true);
    const total = texts(events).reduce((n, t) => n + estimateTokens(t), 0);
    expect(total).toBeLessThanOrEqual(40);
  });

  it('is written in each dialect as the protocol spells it', () => {
    const [note, asked, answered] = buildReplay([user('Hi'), assistant('Hello')]);
    const beta = [note, asked, answered].map((e) => JSON.parse(encodeClientEvent(e!, 'beta')));
    expect(beta[0]).toEqual({ type: 'conversation.item.create', item: { type: 'message', role: 'system', content: [{ type: 'input_text', text: CONTINUE_NOTE }] } });
    expect(beta[1].item).toEqual({ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Hi' }] });
    expect(beta[2].item).toEqual({ type: 'message', role: 'assistant', content: [{ type: 'text', text: 'Hello' }] });
    const ga = [note, asked, answered].map((e) => JSON.parse(encodeClientEvent(e!, 'ga')));
    expect(ga[0].item.content).toEqual([{ type: 'input_text', text: CONTINUE_NOTE }]);
    expect(ga[1].item.content).toEqual([{ type: 'input_text', text: 'Hi' }]);
    expect(ga[2].item.content).toEqual([{ type: 'output_text', text: 'Hello' }]);
  });
});
