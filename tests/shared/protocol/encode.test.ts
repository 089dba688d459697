import { describe, it, expect } from 'vitest';
import { assistantTextItem, encodeClientEvent, userTextItem } from '../../../src/shared/protocol/encode';
import type { ClientEvent, Dialect } from '../../../src/shared/protocol/events';

const decode = (event: ClientEvent, dialect: Dialect, eventId?: string): Record<string, unknown> =>
  JSON.parse(encodeClientEvent(event, dialect, eventId)) as Record<string, unknown>;

// Client events that both dialects spell the same way (checked against the beta and GA SDK types).
const SAME_IN_BOTH: ClientEvent[] = [
  { type: 'input_audio_buffer.append', audio: 'AAAA' },
  { type: 'input_audio_buffer.commit' },
  { type: 'input_audio_buffer.clear' },
  { type: 'conversation.item.create', item: userTextItem('hello'), previous_item_id: 'root' },
  { type: 'conversation.item.create', item: { type: 'message', role: 'system', content: [{ type: 'input_text', text: 'be brief' }] } },
  { type: 'conversation.item.create', item: { type: 'function_call_output', call_id: 'c1', output: '{"ok":true}' } },
  { type: 'conversation.item.truncate', item_id: 'i1', content_index: 0, audio_end_ms: 1234 },
  { type: 'conversation.item.delete', item_id: 'i1' },
  { type: 'response.create' },
  { type: 'response.create', response: { instructions: 'shorter' } },
  { type: 'response.cancel' },
  { type: 'response.cancel', response_id: 'r1' },
];

describe('encodeClientEvent', () => {
  for (const event of SAME_IN_BOTH) {
    it(`writes ${event.type} identically in both dialects`, () => {
      expect(decode(event, 'beta')).toEqual(event);
      expect(decode(event, 'ga')).toEqual(event);
    });
  }

  it('adds event_id when given, and only then', () => {
    expect(decode({ type: 'input_audio_buffer.commit' }, 'ga', 'evt_42')).toEqual({ type: 'input_audio_buffer.commit', event_id: 'evt_42' });
    expect(decode({ type: 'input_audio_buffer.commit' }, 'beta')).not.toHaveProperty('event_id');
  });

  it('writes session.update flat for beta', () => {
    const session = { modalities: ['text', 'audio'] as ('text' | 'audio')[], voice: 'alloy', temperature: 0.8, turn_detection: null };
    expect(decode({ type: 'session.update', session }, 'beta')).toEqual({ type: 'session.update', session });
  });

  it('writes session.update nested for GA', () => {
    const wire = decode(
      { type: 'session.update', session: { modalities: ['text', 'audio'], voice: 'alloy', temperature: 0.8, turn_detection: null, input_audio_format: 'pcm16' } },
      'ga',
      'e1',
    );
    expect(wire).toEqual({
      type: 'session.update',
      event_id: 'e1',
      session: {
        type: 'realtime',
        output_modalities: ['audio'],
        audio: { input: { format: { type: 'audio/pcm', rate: 24000 }, turn_detection: null }, output: { voice: 'alloy' } },
      },
    });
  });

  it('writes response.create options in the GA spelling', () => {
    const event: ClientEvent = { type: 'response.create', response: { modalities: ['text', 'audio'], instructions: 'hi', voice: 'ash' } };
    expect(decode(event, 'beta')).toEqual(event);
    expect(decode(event, 'ga')).toEqual({
      type: 'response.create',
      response: { output_modalities: ['audio'], instructions: 'hi', audio: { output: { voice: 'ash' } } },
    });
    expect(decode({ type: 'response.create', response: { modalities: ['text'] } }, 'ga')).toEqual({
      type: 'response.create',
      response: { output_modalities: ['text'] },
    });
  });

  it('spells assistant content output_text for GA and text for beta', () => {
    const event: ClientEvent = { type: 'conversation.item.create', item: assistantTextItem('earlier answer') };
    expect(decode(event, 'beta')).toEqual(event);
    expect(decode(event, 'ga')).toEqual({
      type: 'conversation.item.create',
      item: { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'earlier answer' }] },
    });
  });

  it('does not alter the event it was given', () => {
    const event: ClientEvent = { type: 'conversation.item.create', item: assistantTextItem('x') };
    const copy = structuredClone(event);
    encodeClientEvent(event, 'ga', 'e');
    expect(event).toEqual(copy);
  });
});

describe('item builders', () => {
  it('builds a user text item with input_text content', () => {
    expect(userTextItem('hi')).toEqual({ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'hi' }] });
  });
  it('builds assistant text items', () => {
    expect(assistantTextItem('a').content).toEqual([{ type: 'text', text: 'a' }]);
  });
});
