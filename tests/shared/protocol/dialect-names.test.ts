import { describe, it, expect } from 'vitest';
import {
  GA_TO_INTERNAL_EVENT,
  dialectOfEventName,
  internalEventName,
} from '../../../src/shared/protocol/dialect-names';
import { KNOWN_SERVER_EVENT_TYPES } from '../../../src/shared/protocol/server-schema';

describe('dialect names', () => {
  it('maps the GA renames onto internal names', () => {
    expect(GA_TO_INTERNAL_EVENT).toEqual({
      'conversation.item.added': 'conversation.item.created',
      'response.output_text.delta': 'response.text.delta',
      'response.output_text.done': 'response.text.done',
      'response.output_audio.delta': 'response.audio.delta',
      'response.output_audio.done': 'response.audio.done',
      'response.output_audio_transcript.delta': 'response.audio_transcript.delta',
      'response.output_audio_transcript.done': 'response.audio_transcript.done',
    });
    for (const internal of Object.values(GA_TO_INTERNAL_EVENT)) expect(KNOWN_SERVER_EVENT_TYPES).toContain(internal);
  });

  it('leaves other names alone, including prototype keys', () => {
    expect(internalEventName('response.done')).toBe('response.done');
    expect(internalEventName('toString')).toBe('toString');
    expect(internalEventName('__proto__')).toBe('__proto__');
  });

  it('says which dialect a name proves', () => {
    expect(dialectOfEventName('response.output_audio.delta')).toBe('ga');
    expect(dialectOfEventName('conversation.item.added')).toBe('ga');
    expect(dialectOfEventName('conversation.item.done')).toBe('ga');
    expect(dialectOfEventName('response.audio.delta')).toBe('beta');
    expect(dialectOfEventName('response.audio_transcript.done')).toBe('beta');
    expect(dialectOfEventName('response.text.delta')).toBe('beta');
    expect(dialectOfEventName('conversation.item.created')).toBeNull();
    expect(dialectOfEventName('response.done')).toBeNull();
    expect(dialectOfEventName('localai.x')).toBeNull();
  });
});
