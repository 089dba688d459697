import { describe, it, expect } from 'vitest';
import { normaliseServerFrame } from '../../../src/shared/protocol/normalise';
import { KNOWN_SERVER_EVENT_TYPES } from '../../../src/shared/protocol/server-schema';
import type { NormaliseResult } from '../../../src/shared/protocol/normalise';
import type { ServerEvent } from '../../../src/shared/protocol/events';
import { BETA_EVENTS, GA_ASSISTANT_ITEM, GA_RENAMED, GA_SESSION } from './fixtures/server-events';

const frame = (o: unknown): string => JSON.stringify(o);

function ok(result: NormaliseResult): { event: ServerEvent; dialect: string | null } {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}: ${result.error.message}`);
  return result;
}

function err(result: NormaliseResult) {
  if (result.ok) throw new Error(`expected an error, got ${result.event.type}`);
  return result.error;
}

const ref = { response_id: 'r', item_id: 'i', output_index: 0, content_index: 0 };

describe('beta events', () => {
  it('has a fixture for every known event type', () => {
    expect(Object.keys(BETA_EVENTS).sort()).toEqual([...KNOWN_SERVER_EVENT_TYPES].sort());
  });

  for (const [type, event] of Object.entries(BETA_EVENTS)) {
    it(`${type} passes through unchanged`, () => {
      const result = ok(normaliseServerFrame(frame(event)));
      expect(result.event).toEqual(event);
    });
  }
});

describe('GA renamed events', () => {
  for (const [ga, internal] of GA_RENAMED) {
    it(`${String(ga.type)} becomes ${internal} with its fields`, () => {
      const result = ok(normaliseServerFrame(frame(ga)));
      expect(result.event).toEqual({ ...ga, type: internal });
      expect(result.dialect).toBe('ga');
    });
  }

  it('keeps conversation.item.done and maps its item content', () => {
    const result = ok(normaliseServerFrame(frame({ type: 'conversation.item.done', event_id: 'e', previous_item_id: 'p', item: GA_ASSISTANT_ITEM })));
    expect(result.dialect).toBe('ga');
    expect(result.event).toEqual({
      type: 'conversation.item.done',
      event_id: 'e',
      previous_item_id: 'p',
      item: {
        ...GA_ASSISTANT_ITEM,
        content: [
          { type: 'audio', transcript: 'Hello there.' },
          { type: 'text', text: 'Hi.' },
        ],
      },
    });
  });
});

describe('GA shapes', () => {
  it('maps a nested GA session onto the flat one', () => {
    const result = ok(normaliseServerFrame(frame({ type: 'session.created', event_id: 'e', session: GA_SESSION })));
    expect(result.dialect).toBe('ga');
    expect(result.event).toEqual({
      type: 'session.created',
      event_id: 'e',
      session: {
        id: 'sess_ga',
        object: 'realtime.session',
        tracing: null,
        truncation: 'auto',
        model: 'gpt-realtime',
        modalities: ['text', 'audio'],
        instructions: 'Be brief.',
        voice: 'marin',
        input_audio_format: 'pcm16',
        output_audio_format: 'g711_ulaw',
        turn_detection: { type: 'semantic_vad', eagerness: 'high', create_response: true, interrupt_response: true },
        input_audio_transcription: { model: 'gpt-4o-mini-transcribe', language: 'en' },
        input_audio_noise_reduction: { type: 'far_field' },
        max_response_output_tokens: 4096,
        tools: GA_SESSION.tools,
        tool_choice: 'auto',
      },
    });
  });

  it('maps content part types in response.content_part events', () => {
    for (const [gaType, type] of [
      ['output_text', 'text'],
      ['output_audio', 'audio'],
    ]) {
      const result = ok(normaliseServerFrame(frame({ type: 'response.content_part.added', ...ref, part: { type: gaType, text: '', transcript: '' } })));
      expect(result.event).toMatchObject({ type: 'response.content_part.added', part: { type } });
      expect(result.dialect).toBe('ga');
    }
  });

  it('maps GA response objects: output items and output_modalities', () => {
    const response = {
      id: 'resp_1',
      object: 'realtime.response',
      status: 'completed',
      output_modalities: ['audio'],
      audio: { output: { format: { type: 'audio/pcm', rate: 24000 }, voice: 'cedar' } },
      output: [GA_ASSISTANT_ITEM],
      usage: { total_tokens: 3, input_token_details: { cached_tokens_details: { text_tokens: 0 } } },
    };
    const result = ok(normaliseServerFrame(frame({ type: 'response.done', response })));
    expect(result.dialect).toBe('ga');
    const event = result.event as Extract<ServerEvent, { type: 'response.done' }>;
    expect(event.response).toMatchObject({ id: 'resp_1', status: 'completed', modalities: ['text', 'audio'], voice: 'cedar', output_audio_format: 'pcm16' });
    expect(event.response).not.toHaveProperty('output_modalities');
    expect(event.response.output?.[0]?.content?.map((p) => p.type)).toEqual(['audio', 'text']);
    expect(event.response.usage?.total_tokens).toBe(3);
  });

  it('infers a missing content part type from the role and payload', () => {
    const item = {
      type: 'message',
      role: 'user',
      content: [{ text: 'typed' }, { transcript: 'spoken' }],
    };
    const user = ok(normaliseServerFrame(frame({ type: 'conversation.item.created', item })));
    expect((user.event as { item: { content: { type: string }[] } }).item.content.map((p) => p.type)).toEqual(['input_text', 'input_audio']);
    const assistant = ok(normaliseServerFrame(frame({ type: 'conversation.item.created', item: { ...item, role: 'assistant' } })));
    expect((assistant.event as { item: { content: { type: string }[] } }).item.content.map((p) => p.type)).toEqual(['text', 'audio']);
  });

  it('drops item content parts of types the client does not model', () => {
    const item = { type: 'message', role: 'user', content: [{ type: 'input_image', image_url: 'data:' }, { type: 'input_text', text: 'see' }] };
    const result = ok(normaliseServerFrame(frame({ type: 'conversation.item.created', item })));
    expect(result.event).toEqual({ type: 'conversation.item.created', item: { ...item, content: [{ type: 'input_text', text: 'see' }] } });
  });

  it('rejects a content part event whose part type is not modelled', () => {
    const e = err(normaliseServerFrame(frame({ type: 'response.content_part.added', ...ref, part: { type: 'refusal' } })));
    expect(e.code).toBe('invalid_fields');
  });

  it('fills fields both SDKs mark optional', () => {
    const delta = ok(normaliseServerFrame(frame({ type: 'conversation.item.input_audio_transcription.delta', item_id: 'i' })));
    expect(delta.event).toEqual({ type: 'conversation.item.input_audio_transcription.delta', item_id: 'i', delta: '' });
    const failed = ok(normaliseServerFrame(frame({ type: 'conversation.item.input_audio_transcription.failed', item_id: 'i', content_index: 0, error: {} })));
    expect(failed.event).toMatchObject({ error: { type: 'transcription_error', message: expect.any(String) } });
    const textPart = ok(normaliseServerFrame(frame({ type: 'response.content_part.added', ...ref, part: { type: 'output_text' } })));
    expect(textPart.event).toMatchObject({ part: { type: 'text', text: '' } });
  });

  it('accepts an error given as a bare string', () => {
    const result = ok(normaliseServerFrame(frame({ type: 'error', error: 'Session expired' })));
    expect(result.event).toEqual({ type: 'error', error: { type: 'error', message: 'Session expired' } });
  });
});

describe('dialect detection', () => {
  const cases: [string, unknown, 'ga' | 'beta' | null][] = [
    ['GA event name', { type: 'response.output_audio.done', ...ref }, 'ga'],
    ['GA-only conversation.item.done', { type: 'conversation.item.done', item: { type: 'message', role: 'user', content: [] } }, 'ga'],
    ['beta event name', { type: 'response.audio.delta', ...ref, delta: '' }, 'beta'],
    ['beta text name', { type: 'response.text.done', ...ref, text: '' }, 'beta'],
    ['GA session shape', { type: 'session.updated', session: GA_SESSION }, 'ga'],
    ['GA session with only type', { type: 'session.created', session: { type: 'realtime', id: 's' } }, 'ga'],
    ['flat session with modalities', { type: 'session.created', session: { id: 's', modalities: ['text'] } }, 'beta'],
    ['session saying nothing either way', { type: 'session.created', session: { id: 's', instructions: 'x' } }, null],
    ['GA response', { type: 'response.created', response: { id: 'r', output_modalities: ['text'] } }, 'ga'],
    ['beta response', { type: 'response.created', response: { id: 'r', modalities: ['text'] } }, 'beta'],
    ['shared name', { type: 'input_audio_buffer.cleared' }, null],
    ['shared conversation.item.created', { type: 'conversation.item.created', item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'x' }] } }, null],
    ['GA part type on a shared name', { type: 'response.output_item.done', response_id: 'r', output_index: 0, item: GA_ASSISTANT_ITEM }, 'ga'],
  ];
  for (const [name, event, dialect] of cases) {
    it(`${name} → ${String(dialect)}`, () => {
      expect(ok(normaliseServerFrame(frame(event))).dialect).toBe(dialect);
    });
  }
});

describe('protocol errors', () => {
  it('invalid_json', () => {
    const e = err(normaliseServerFrame('{"type": "error",'));
    expect(e).toMatchObject({ code: 'invalid_json', excerpt: '{"type": "error",' });
    expect(e.eventType).toBeUndefined();
  });

  it('not_an_object for arrays, null, numbers, strings and booleans', () => {
    for (const f of ['[]', 'null', '42', '"response.done"', 'true']) {
      expect(err(normaliseServerFrame(f)).code).toBe('not_an_object');
    }
  });

  it('missing_type when type is absent or not a string', () => {
    for (const o of [{}, { type: 1 }, { type: null }, { type: ['error'] }, { event: 'error' }]) {
      expect(err(normaliseServerFrame(frame(o))).code).toBe('missing_type');
    }
  });

  it('unknown_event names the type', () => {
    const e = err(normaliseServerFrame(frame({ type: 'localai.debug', x: 1 })));
    expect(e).toMatchObject({ code: 'unknown_event', eventType: 'localai.debug' });
    expect(e.message).toContain('localai.debug');
  });

  it('unknown_event for GA events the client does not model', () => {
    for (const type of ['output_audio_buffer.started', 'input_audio_buffer.timeout_triggered', 'response.mcp_call.completed']) {
      expect(err(normaliseServerFrame(frame({ type }))).code).toBe('unknown_event');
    }
  });

  it('invalid_fields for missing ids and mistyped numbers', () => {
    const cases: unknown[] = [
      { type: 'response.content_part.added', ...ref, item_id: undefined, part: { type: 'text', text: '' } },
      { type: 'response.text.delta', ...ref, output_index: '0', delta: 'x' },
      { type: 'response.text.delta', ...ref, content_index: -1, delta: 'x' },
      { type: 'response.text.delta', ...ref, content_index: 0.5, delta: 'x' },
      { type: 'response.done', response: {} },
      { type: 'response.done', response: { id: 'r', status: 'weird' } },
      { type: 'input_audio_buffer.speech_started', item_id: 'i', audio_start_ms: 'soon' },
      { type: 'session.created', session: 'nope' },
      { type: 'conversation.item.created', item: { type: 'mcp_call' } },
      { type: 'error', error: { code: 'x' } },
      { type: 'rate_limits.updated', rate_limits: [{ name: 'requests' }] },
      { type: 'response.audio.delta', ...ref, delta: 42 },
    ];
    for (const c of cases) {
      const e = err(normaliseServerFrame(frame(c)));
      expect(e.code, JSON.stringify(c)).toBe('invalid_fields');
      expect(e.eventType).toBe((c as { type: string }).type);
    }
  });

  it('invalid_fields names the offending field in plain words', () => {
    const e = err(normaliseServerFrame(frame({ type: 'response.output_text.delta', ...ref, output_index: 'one', delta: 'x' })));
    expect(e.message).toContain('output_index');
    expect(e.eventType).toBe('response.output_text.delta');
  });

  it('invalid_base64 for audio deltas in either dialect', () => {
    for (const type of ['response.audio.delta', 'response.output_audio.delta']) {
      for (const delta of ['AAA', 'AA=A', 'AA-_', 'AAAA====', ' AAAA', 'AAA\n']) {
        const e = err(normaliseServerFrame(frame({ type, ...ref, delta })));
        expect(e.code, `${type} ${JSON.stringify(delta)}`).toBe('invalid_base64');
        expect(e.eventType).toBe(type);
      }
    }
  });

  it('accepts an empty audio delta', () => {
    expect(ok(normaliseServerFrame(frame({ type: 'response.audio.delta', ...ref, delta: '' }))).event).toMatchObject({ delta: '' });
  });

  it('excerpts the first 200 characters of the frame', () => {
    const long = frame({ type: 'nonsense', pad: 'x'.repeat(1000) });
    const e = err(normaliseServerFrame(long));
    expect(e.excerpt).toBe(long.slice(0, 200));
    expect(e.excerpt).toHaveLength(200);
  });

  it('keeps a `__proto__` key as plain data', () => {
    const f = '{"type":"conversation.item.deleted","item_id":"i","__proto__":{"polluted":true}}';
    const result = ok(normaliseServerFrame(f));
    expect(Object.getPrototypeOf(result.event)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('the service page\'s minimal frames', () => {
  it('accepts deltas without ids, as the service documents them', () => {
    const audio = normaliseServerFrame('{"type":"response.audio.delta","delta":"AAAA"}');
    expect(audio).toMatchObject({ ok: true, event: { type: 'response.audio.delta', delta: 'AAAA', item_id: '', response_id: '' } });
    const text = normaliseServerFrame('{"type":"response.text.delta","delta":"Hi"}');
    expect(text).toMatchObject({ ok: true, event: { type: 'response.text.delta', delta: 'Hi', item_id: '' } });
  });

  it('still rejects a delta whose audio is not base64', () => {
    expect(normaliseServerFrame('{"type":"response.audio.delta","delta":"not base64!"}')).toMatchObject({ ok: false, error: { code: 'invalid_base64' } });
  });
});
