import { describe, expect, it } from 'vitest';
import { cliSessionSettings, CONNECTION_KEYS, SESSION_KEYS, sessionConfigFrom, turnDetectionFor } from '../../../src/main/app/session-config';
import { DEFAULT_SETTINGS } from '../../../src/shared/settings';

describe('session config', () => {
  it('maps the app settings onto session.update', () => {
    const config = sessionConfigFrom({ ...DEFAULT_SETTINGS, voice: 'marin', instructions: 'Be brief.' });
    expect(config).toEqual({
      modalities: ['text', 'audio'],
      voice: 'marin',
      instructions: 'Be brief.',
      input_audio_format: 'pcm16',
      output_audio_format: 'pcm16',
      turn_detection: null,
      input_audio_transcription: { model: 'whisper-1' },
    });
  });

  it('leaves out blank instructions and turns transcription off explicitly', () => {
    const config = sessionConfigFrom({ ...DEFAULT_SETTINGS, instructions: '  ', inputTranscription: false });
    expect(config).not.toHaveProperty('instructions');
    expect(config.input_audio_transcription).toBeNull();
  });

  it('asks for server VAD in hands-free mode, with the VAD settings', () => {
    const config = sessionConfigFrom({ ...DEFAULT_SETTINGS, mode: 'vad', vadThreshold: 0.7, vadPrefixPaddingMs: 200, vadSilenceDurationMs: 900 });
    expect(config.turn_detection).toEqual({
      type: 'server_vad',
      threshold: 0.7,
      prefix_padding_ms: 200,
      silence_duration_ms: 900,
      create_response: true,
      interrupt_response: true,
    });
    expect(turnDetectionFor('ptt')).toBeNull();
    expect(turnDetectionFor('vad')).toMatchObject({ threshold: DEFAULT_SETTINGS.vadThreshold });
  });

  it('gives the CLI the app defaults, text-only output and the server voice when asked', () => {
    const config = sessionConfigFrom(cliSessionSettings({}), { audioOut: false, serverVoice: true });
    expect(config.modalities).toEqual(['text']);
    expect(config).not.toHaveProperty('voice');
    expect(config.turn_detection).toBeNull();
    expect(sessionConfigFrom(cliSessionSettings({ mode: 'vad', voice: 'echo' })).voice).toBe('echo');
  });

  it('sorts every session setting into exactly one kind of change', () => {
    for (const key of SESSION_KEYS) expect(CONNECTION_KEYS).not.toContain(key);
  });
});
