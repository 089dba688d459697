// Session configuration on the wire: defaults, validation of `session.update` in either dialect, and
// the shape each dialect echoes. Internally the simulator keeps the flat (beta) config.
import { z } from 'zod';
import { SAMPLE_RATE } from '../shared/audio-format';
import type { Dialect } from '../shared/domain';
import { AUDIO_FORMATS, type AudioFormat, type SessionConfig, type SessionInfo, type TurnDetection } from '../shared/protocol/events';

const VAD_DEFAULTS = {
  threshold: 0.5,
  prefix_padding_ms: 300,
  silence_duration_ms: 500,
  create_response: true,
  interrupt_response: true,
};

export function defaultSession(id: string, model: string): SessionInfo {
  return {
    id,
    model,
    modalities: ['text', 'audio'],
    instructions: '',
    voice: 'alloy',
    input_audio_format: 'pcm16',
    output_audio_format: 'pcm16',
    turn_detection: { type: 'server_vad', ...VAD_DEFAULTS },
    input_audio_transcription: null,
    input_audio_noise_reduction: null,
    temperature: 0.8,
    max_response_output_tokens: 'inf',
    tools: [],
    tool_choice: 'auto',
  };
}

/** A real server echoes turn detection with every default filled in. */
export function completeTurnDetection(td: TurnDetection): TurnDetection {
  if (td === null) return null;
  if (td.type === 'semantic_vad') {
    return { eagerness: 'auto', create_response: true, interrupt_response: true, ...td };
  }
  return { ...VAD_DEFAULTS, ...td };
}

const format = z.enum(AUDIO_FORMATS);
const turnDetection = z
  .object({
    type: z.enum(['server_vad', 'semantic_vad']),
    threshold: z.number().min(0).max(1).optional(),
    prefix_padding_ms: z.number().int().min(0).optional(),
    silence_duration_ms: z.number().int().min(0).optional(),
    create_response: z.boolean().optional(),
    interrupt_response: z.boolean().optional(),
    eagerness: z.enum(['low', 'medium', 'high', 'auto']).optional(),
  })
  .nullable();
const transcription = z
  .object({ model: z.string().optional(), language: z.string().optional(), prompt: z.string().optional() })
  .nullable();
const noiseReduction = z.object({ type: z.enum(['near_field', 'far_field']) }).nullable();
const modality = z.enum(['text', 'audio']);
const maxTokens = z.union([z.number().int().min(1), z.literal('inf')]);

const betaSession = z.object({
  model: z.string().optional(),
  modalities: z.array(modality).optional(),
  instructions: z.string().optional(),
  voice: z.string().optional(),
  input_audio_format: format.optional(),
  output_audio_format: format.optional(),
  turn_detection: turnDetection.optional(),
  input_audio_transcription: transcription.optional(),
  input_audio_noise_reduction: noiseReduction.optional(),
  temperature: z.number().optional(),
  max_response_output_tokens: maxTokens.optional(),
  tools: z.array(z.unknown()).optional(),
  tool_choice: z.string().optional(),
});

const gaFormat = z.object({ type: z.enum(['audio/pcm', 'audio/pcmu', 'audio/pcma']), rate: z.number().optional() });
const gaSession = z.object({
  type: z.literal('realtime').optional(),
  model: z.string().optional(),
  output_modalities: z.array(modality).optional(),
  instructions: z.string().optional(),
  max_output_tokens: maxTokens.optional(),
  tools: z.array(z.unknown()).optional(),
  tool_choice: z.string().optional(),
  audio: z
    .object({
      input: z
        .object({
          format: gaFormat.optional(),
          transcription: transcription.optional(),
          noise_reduction: noiseReduction.optional(),
          turn_detection: turnDetection.optional(),
        })
        .optional(),
      output: z.object({ format: gaFormat.optional(), voice: z.string().optional() }).optional(),
    })
    .optional(),
});

const GA_FORMATS: Record<AudioFormat, string> = { pcm16: 'audio/pcm', g711_ulaw: 'audio/pcmu', g711_alaw: 'audio/pcma' };

function fromGaFormat(f: z.infer<typeof gaFormat>): AudioFormat {
  return f.type === 'audio/pcmu' ? 'g711_ulaw' : f.type === 'audio/pcma' ? 'g711_alaw' : 'pcm16';
}

function toGaFormat(f: AudioFormat | undefined): Record<string, unknown> {
  const type = GA_FORMATS[f ?? 'pcm16'];
  return type === 'audio/pcm' ? { type, rate: SAMPLE_RATE } : { type };
}

function withModel(t: z.infer<typeof transcription> | undefined): SessionConfig['input_audio_transcription'] {
  if (t === undefined || t === null) return t;
  return { ...t, model: t.model ?? 'whisper-1' };
}

/** GA-looking objects are nested (`type: "realtime"`, `audio`, `output_modalities`); accept both shapes in either dialect. */
function looksGa(session: Record<string, unknown>): boolean {
  return 'type' in session || 'audio' in session || 'output_modalities' in session || 'max_output_tokens' in session;
}

export type SessionPatchResult = { ok: true; patch: SessionConfig } | { ok: false; param: string; message: string };

export function parseSessionPatch(session: unknown): SessionPatchResult {
  if (typeof session !== 'object' || session === null || Array.isArray(session)) {
    return { ok: false, param: 'session', message: 'session must be an object' };
  }
  const ga = looksGa(session as Record<string, unknown>);
  const parsed = ga ? gaSession.safeParse(session) : betaSession.safeParse(session);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = ['session', ...(issue?.path ?? []).map(String)].join('.');
    return { ok: false, param: path, message: `Invalid value for '${path}': ${issue?.message ?? 'invalid'}` };
  }
  const patch: SessionConfig = ga ? fromGa(parsed.data as z.infer<typeof gaSession>) : { ...(parsed.data as SessionConfig) };
  if ('input_audio_transcription' in patch) patch.input_audio_transcription = withModel(patch.input_audio_transcription);
  for (const key of Object.keys(patch) as (keyof SessionConfig)[]) if (patch[key] === undefined) delete patch[key];
  return { ok: true, patch };
}

function fromGa(s: z.infer<typeof gaSession>): SessionConfig {
  const input = s.audio?.input;
  const output = s.audio?.output;
  return {
    model: s.model,
    instructions: s.instructions,
    tools: s.tools,
    tool_choice: s.tool_choice,
    max_response_output_tokens: s.max_output_tokens,
    modalities: s.output_modalities && (s.output_modalities.includes('audio') ? ['text', 'audio'] : ['text']),
    input_audio_format: input?.format && fromGaFormat(input.format),
    input_audio_transcription: withModel(input?.transcription),
    input_audio_noise_reduction: input?.noise_reduction,
    turn_detection: input?.turn_detection,
    output_audio_format: output?.format && fromGaFormat(output.format),
    voice: output?.voice,
  };
}

export function mergeSession(current: SessionInfo, patch: SessionConfig): SessionInfo {
  const next: SessionInfo = { ...current, ...patch };
  if (patch.turn_detection !== undefined) next.turn_detection = completeTurnDetection(patch.turn_detection);
  return next;
}

const EXPIRY_SECONDS = 30 * 60;

/** The session as the dialect echoes it in `session.created` / `session.updated`. */
export function sessionToWire(s: SessionInfo, dialect: Dialect, createdAt: number, expiresAt = createdAt + EXPIRY_SECONDS): Record<string, unknown> {
  const expires_at = expiresAt;
  if (dialect === 'beta') return { object: 'realtime.session', expires_at, ...s };
  return {
    type: 'realtime',
    object: 'realtime.session',
    id: s.id,
    model: s.model,
    output_modalities: s.modalities?.includes('audio') ? ['audio'] : ['text'],
    instructions: s.instructions,
    tools: s.tools,
    tool_choice: s.tool_choice,
    max_output_tokens: s.max_response_output_tokens,
    tracing: null,
    prompt: null,
    expires_at,
    audio: {
      input: {
        format: toGaFormat(s.input_audio_format),
        transcription: s.input_audio_transcription ?? null,
        noise_reduction: s.input_audio_noise_reduction ?? null,
        turn_detection: s.turn_detection ?? null,
      },
      output: { format: toGaFormat(s.output_audio_format), voice: s.voice, speed: 1 },
    },
  };
}

export function formatToWire(f: AudioFormat | undefined, dialect: Dialect): unknown {
  return dialect === 'beta' ? (f ?? 'pcm16') : toGaFormat(f);
}
