import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  isBetaSessionShape,
  isGaSessionShape,
  sessionFromWire,
  sessionToWire,
} from '../../../src/shared/protocol/session-shape';
import type { Modality, SessionConfig } from '../../../src/shared/protocol/events';
import { GA_SESSION } from './fixtures/server-events';

const full: SessionConfig = {
  model: 'provider/model',
  modalities: ['text', 'audio'],
  instructions: 'Be brief.',
  voice: 'alloy',
  input_audio_format: 'pcm16',
  output_audio_format: 'g711_alaw',
  turn_detection: { type: 'server_vad', threshold: 0.5, prefix_padding_ms: 300, silence_duration_ms: 500, create_response: true, interrupt_response: true },
  input_audio_transcription: { model: 'whisper-1', language: 'en', prompt: 'names' },
  input_audio_noise_reduction: { type: 'near_field' },
  temperature: 0.8,
  max_response_output_tokens: 'inf',
  tools: [{ type: 'function', name: 'f', parameters: {} }],
  tool_choice: 'auto',
};

describe('sessionToWire', () => {
  it('writes the flat shape for beta', () => {
    expect(sessionToWire(full, 'beta')).toEqual(full);
  });

  it('writes the nested shape for GA, without temperature', () => {
    expect(sessionToWire(full, 'ga')).toEqual({
      type: 'realtime',
      model: 'provider/model',
      output_modalities: ['audio'],
      instructions: 'Be brief.',
      audio: {
        input: {
          format: { type: 'audio/pcm', rate: 24000 },
          turn_detection: full.turn_detection,
          transcription: full.input_audio_transcription,
          noise_reduction: { type: 'near_field' },
        },
        output: { format: { type: 'audio/pcma' }, voice: 'alloy' },
      },
      max_output_tokens: 'inf',
      tools: full.tools,
      tool_choice: 'auto',
    });
  });

  it('maps modalities to exactly one GA output modality', () => {
    const cases: [Modality[], unknown][] = [
      [['text', 'audio'], ['audio']],
      [['audio', 'text'], ['audio']],
      [['audio'], ['audio']],
      [['text'], ['text']],
      [[], undefined],
    ];
    for (const [modalities, expected] of cases) {
      expect((sessionToWire({ modalities }, 'ga') as { output_modalities?: unknown }).output_modalities).toEqual(expected);
    }
  });

  it('keeps null meaning "off" and omits what is not set', () => {
    expect(sessionToWire({ turn_detection: null, input_audio_transcription: null, input_audio_noise_reduction: null }, 'ga')).toEqual({
      type: 'realtime',
      audio: { input: { turn_detection: null, transcription: null, noise_reduction: null } },
    });
    expect(sessionToWire({}, 'ga')).toEqual({ type: 'realtime' });
    expect(sessionToWire({ temperature: 1 }, 'ga')).toEqual({ type: 'realtime' });
    expect(sessionToWire({ output_audio_format: 'g711_ulaw' }, 'ga')).toEqual({ type: 'realtime', audio: { output: { format: { type: 'audio/pcmu' } } } });
  });
});

describe('sessionFromWire', () => {
  it('reads a beta flat session as is', () => {
    expect(sessionFromWire({ ...full, id: 's' })).toEqual({ ...full, id: 's' });
  });

  it('reads a GA nested session', () => {
    expect(sessionFromWire(GA_SESSION)).toMatchObject({
      id: 'sess_ga',
      modalities: ['text', 'audio'],
      voice: 'marin',
      input_audio_format: 'pcm16',
      output_audio_format: 'g711_ulaw',
      turn_detection: { type: 'semantic_vad', eagerness: 'high' },
      input_audio_transcription: { model: 'gpt-4o-mini-transcribe', language: 'en' },
      input_audio_noise_reduction: { type: 'far_field' },
      max_response_output_tokens: 4096,
    });
    const read = sessionFromWire(GA_SESSION) as Record<string, unknown>;
    for (const gaKey of ['type', 'audio', 'output_modalities', 'max_output_tokens']) expect(read).not.toHaveProperty(gaKey);
  });

  it('reads each GA audio format', () => {
    const fmt = (format: unknown) => sessionFromWire({ type: 'realtime', audio: { input: { format } } }).input_audio_format;
    expect(fmt({ type: 'audio/pcm', rate: 24000 })).toBe('pcm16');
    expect(fmt({ rate: 24000 })).toBe('pcm16');
    expect(fmt({ type: 'audio/pcmu' })).toBe('g711_ulaw');
    expect(fmt({ type: 'audio/pcma' })).toBe('g711_alaw');
    expect(fmt('g711_alaw')).toBe('g711_alaw');
    expect(fmt({ type: 'audio/opus' })).toBeUndefined();
  });

  it('leaves out fields with unusable values instead of failing', () => {
    const read = sessionFromWire({
      modalities: ['text', 'video'],
      voice: { id: 'custom_voice' },
      input_audio_format: 'mp3',
      turn_detection: { type: 'push_to_talk' },
      input_audio_transcription: { language: 'en' },
      temperature: 'warm',
      tool_choice: { type: 'function', name: 'f' },
      instructions: 'kept',
    });
    expect(read).toEqual({ instructions: 'kept' });
  });

  it('keeps keys neither dialect defines', () => {
    expect(sessionFromWire({ id: 's', object: 'realtime.session', expires_at: 123 })).toEqual({ id: 's', object: 'realtime.session', expires_at: 123 });
  });

  it('returns an empty session for a non-object', () => {
    expect(sessionFromWire(null)).toEqual({});
    expect(sessionFromWire([1])).toEqual({});
  });
});

describe('shape detection', () => {
  it('tells GA and beta sessions apart', () => {
    expect(isGaSessionShape(GA_SESSION)).toBe(true);
    expect(isGaSessionShape({ type: 'realtime' })).toBe(true);
    expect(isGaSessionShape({ audio: {} })).toBe(true);
    expect(isGaSessionShape(full)).toBe(false);
    expect(isGaSessionShape('realtime')).toBe(false);
    expect(isBetaSessionShape(full)).toBe(true);
    expect(isBetaSessionShape({ modalities: ['text'] })).toBe(true);
    expect(isBetaSessionShape(GA_SESSION)).toBe(false);
    expect(isBetaSessionShape({ instructions: 'x' })).toBe(false);
  });
});

// Arbitrary configs in the internal (flat) shape.
const configArb: fc.Arbitrary<SessionConfig> = fc.record(
  {
    model: fc.string(),
    modalities: fc.constantFrom<Modality[]>(['text'], ['text', 'audio'], ['audio', 'text']),
    instructions: fc.string(),
    voice: fc.constantFrom('alloy', 'echo', 'marin', 'x'),
    input_audio_format: fc.constantFrom('pcm16' as const, 'g711_ulaw' as const, 'g711_alaw' as const),
    output_audio_format: fc.constantFrom('pcm16' as const, 'g711_ulaw' as const, 'g711_alaw' as const),
    turn_detection: fc.oneof(
      fc.constant(null),
      fc.record(
        { type: fc.constant('server_vad' as const), threshold: fc.double({ min: 0, max: 1, noNaN: true }), silence_duration_ms: fc.nat(), create_response: fc.boolean() },
        { requiredKeys: ['type'] },
      ),
      fc.record({ type: fc.constant('semantic_vad' as const), eagerness: fc.constantFrom('low' as const, 'auto' as const) }, { requiredKeys: ['type'] }),
    ),
    input_audio_transcription: fc.oneof(fc.constant(null), fc.record({ model: fc.string(), language: fc.string() }, { requiredKeys: ['model'] })),
    input_audio_noise_reduction: fc.oneof(fc.constant(null), fc.constantFrom({ type: 'near_field' as const }, { type: 'far_field' as const })),
    temperature: fc.double({ min: 0.6, max: 1.2, noNaN: true }),
    max_response_output_tokens: fc.oneof(fc.nat(), fc.constant('inf' as const)),
    tools: fc.array(fc.record({ type: fc.constant('function'), name: fc.string() })),
    tool_choice: fc.constantFrom('auto', 'none', 'required'),
  },
  { requiredKeys: [] },
);

describe('round trips', () => {
  it('beta → GA → beta keeps everything GA can express', () => {
    fc.assert(
      fc.property(configArb, (config) => {
        const back = sessionFromWire(sessionToWire(config, 'ga'));
        const expected: SessionConfig = { ...config };
        delete expected.temperature;
        // GA "audio" output includes its transcript: beta spells that ["text","audio"].
        if (config.modalities) expected.modalities = config.modalities.includes('audio') ? ['text', 'audio'] : ['text'];
        expect(back).toEqual(expected);
      }),
      { numRuns: 500 },
    );
  });

  it('beta → wire → beta is the identity', () => {
    fc.assert(
      fc.property(configArb, (config) => {
        expect(sessionFromWire(sessionToWire(config, 'beta'))).toEqual(config);
      }),
      { numRuns: 500 },
    );
  });
});
