import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultSession, mergeSession, parseSessionPatch, sessionToWire } from '../../src/sim/wire-session';

const base = defaultSession('sess_test', 'm');

describe('parseSessionPatch', () => {
  it('reads the flat (beta) shape and keeps only the fields given', () => {
    const r = parseSessionPatch({ voice: 'echo', turn_detection: null, unknown_field: 1 });
    expect(r).toEqual({ ok: true, patch: { voice: 'echo', turn_detection: null } });
  });

  it('reads the nested (GA) shape into the flat one', () => {
    const r = parseSessionPatch({
      type: 'realtime',
      output_modalities: ['audio'],
      max_output_tokens: 500,
      audio: { input: { format: { type: 'audio/pcmu' }, transcription: {}, turn_detection: { type: 'semantic_vad' } }, output: { voice: 'cedar' } },
    });
    expect(r).toEqual({
      ok: true,
      patch: {
        modalities: ['text', 'audio'],
        max_response_output_tokens: 500,
        input_audio_format: 'g711_ulaw',
        input_audio_transcription: { model: 'whisper-1' },
        turn_detection: { type: 'semantic_vad' },
        voice: 'cedar',
      },
    });
  });

  it('names the offending field of a wrong type', () => {
    expect(parseSessionPatch({ audio: { output: { voice: 3 } } })).toMatchObject({ ok: false, param: 'session.audio.output.voice' });
    expect(parseSessionPatch({ modalities: 'audio' })).toMatchObject({ ok: false, param: 'session.modalities' });
    expect(parseSessionPatch('nope')).toMatchObject({ ok: false, param: 'session' });
  });
});

describe('session shapes', () => {
  it('mergeSession fills turn detection defaults and keeps everything else', () => {
    const merged = mergeSession(base, { turn_detection: { type: 'server_vad', threshold: 0.7 } });
    expect(merged.turn_detection).toEqual({ type: 'server_vad', threshold: 0.7, prefix_padding_ms: 300, silence_duration_ms: 500, create_response: true, interrupt_response: true });
    expect(merged.voice).toBe('alloy');
  });

  it('a GA echo parsed back as an update changes nothing', () => {
    const voices = fc.constantFrom('alloy', 'echo', 'marin');
    const formats = fc.constantFrom('pcm16' as const, 'g711_ulaw' as const, 'g711_alaw' as const);
    fc.assert(
      fc.property(voices, formats, fc.boolean(), fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: null }), (voice, format, audio, threshold) => {
        const session = mergeSession(base, {
          voice,
          output_audio_format: format,
          modalities: audio ? ['text', 'audio'] : ['text'],
          turn_detection: threshold === null ? null : { type: 'server_vad', threshold },
        });
        const wire = sessionToWire(session, 'ga', 0);
        const parsed = parseSessionPatch(wire);
        expect(parsed.ok).toBe(true);
        if (parsed.ok) expect(mergeSession(session, parsed.patch)).toEqual(session);
      }),
      { numRuns: 100 },
    );
  });

  it('beta echo is flat and carries the id; GA echo is nested', () => {
    expect(sessionToWire(base, 'beta', 100)).toMatchObject({ id: 'sess_test', object: 'realtime.session', voice: 'alloy', expires_at: 1900 });
    const ga = sessionToWire(base, 'ga', 100);
    expect(ga).toMatchObject({ type: 'realtime', id: 'sess_test', audio: { output: { voice: 'alloy' } } });
    expect(ga).not.toHaveProperty('voice');
  });
});
