// The one mapping from settings to the server session (session.update): the app, the CLI, the benchmarks
// and the test probes all configure a session through it, so a setting means the same everywhere.
import type { TalkMode } from '../../shared/domain';
import type { SessionConfig } from '../../shared/protocol/events';
import { DEFAULT_SETTINGS, type Settings } from '../../shared/settings';

/** The settings a session is made of. */
export type SessionSettings = Pick<
  Settings,
  'mode' | 'voice' | 'instructions' | 'inputTranscription' | 'vadThreshold' | 'vadPrefixPaddingMs' | 'vadSilenceDurationMs'
>;

/** Settings that reach a live session with session.update (the connection ones need a new session). */
export const SESSION_KEYS: readonly (keyof SessionSettings)[] = [
  'mode',
  'voice',
  'instructions',
  'inputTranscription',
  'vadThreshold',
  'vadPrefixPaddingMs',
  'vadSilenceDurationMs',
];

/** Settings whose change needs a new connection. */
export const CONNECTION_KEYS: readonly (keyof Settings)[] = ['endpoint', 'authMode', 'dialect', 'model', 'offlineDemo'];

export interface SessionConfigOptions {
  /** False for a text-only client (the CLI's ask without a speaker). */
  audioOut?: boolean;
  /** Leave the voice to the server (the CLI sends one only when asked). */
  serverVoice?: boolean;
}

/** Push-to-talk commits by hand; hands-free lets the server detect turns and interrupt its own reply. */
export function turnDetectionFor(mode: TalkMode, vad: Pick<SessionSettings, 'vadThreshold' | 'vadPrefixPaddingMs' | 'vadSilenceDurationMs'> = DEFAULT_SETTINGS): SessionConfig['turn_detection'] {
  if (mode === 'ptt') return null;
  return {
    type: 'server_vad',
    threshold: vad.vadThreshold,
    prefix_padding_ms: vad.vadPrefixPaddingMs,
    silence_duration_ms: vad.vadSilenceDurationMs,
    create_response: true,
    interrupt_response: true,
  };
}

export function sessionConfigFrom(settings: SessionSettings, options: SessionConfigOptions = {}): SessionConfig {
  return {
    modalities: options.audioOut === false ? ['text'] : ['text', 'audio'],
    ...(options.serverVoice ? {} : { voice: settings.voice }),
    ...(settings.instructions.trim() ? { instructions: settings.instructions } : {}),
    input_audio_format: 'pcm16',
    output_audio_format: 'pcm16',
    turn_detection: turnDetectionFor(settings.mode, settings),
    input_audio_transcription: settings.inputTranscription ? { model: 'whisper-1' } : null,
  };
}

/** Session settings for a command-line run: the app's defaults, with what the flags said. */
export function cliSessionSettings(flags: { mode?: TalkMode; voice?: string }): SessionSettings {
  return { ...DEFAULT_SETTINGS, mode: flags.mode ?? 'ptt', voice: flags.voice ?? DEFAULT_SETTINGS.voice };
}
