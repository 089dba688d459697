// Session config travels flat in beta and nested under `audio` in GA. Internally it is always flat
// (SessionConfig); these functions translate at the edge. Reading is lenient per field: a server that
// reports one odd value must not make the whole session unreadable, so that field is left out and the
// client keeps its own default.
import { SAMPLE_RATE } from '../audio-format';
import {
  AUDIO_FORMATS,
  type AudioFormat,
  type Dialect,
  type InputTranscription,
  type Modality,
  type SessionConfig,
  type SessionInfo,
  type TurnDetection,
} from './events';

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const bool = (v: unknown): boolean | undefined => (typeof v === 'boolean' ? v : undefined);

const EAGERNESS = ['low', 'medium', 'high', 'auto'] as const;
const FLAT_FORMATS: readonly AudioFormat[] = AUDIO_FORMATS;
const GA_FORMAT_TO_FLAT: Readonly<Record<string, AudioFormat>> = {
  'audio/pcm': 'pcm16',
  'audio/pcmu': 'g711_ulaw',
  'audio/pcma': 'g711_alaw',
};

/** GA sessions say `type: "realtime"` (or "transcription") and nest audio settings. */
export function isGaSessionShape(raw: unknown): boolean {
  if (!isObj(raw)) return false;
  return (
    raw.type === 'realtime' ||
    raw.type === 'transcription' ||
    isObj(raw.audio) ||
    Array.isArray(raw.output_modalities) ||
    'max_output_tokens' in raw
  );
}

const BETA_ONLY_SESSION_KEYS = [
  'modalities',
  'voice',
  'input_audio_format',
  'output_audio_format',
  'turn_detection',
  'input_audio_transcription',
  'input_audio_noise_reduction',
  'temperature',
  'max_response_output_tokens',
] as const;

/** A flat session carrying a key only beta has (and nothing GA-shaped). */
export function isBetaSessionShape(raw: unknown): boolean {
  if (!isObj(raw) || isGaSessionShape(raw)) return false;
  return BETA_ONLY_SESSION_KEYS.some((k) => k in raw);
}

// GA "audio" output always carries a transcript, which beta spells ["text","audio"].
function modalitiesFromGa(m: Modality[]): Modality[] {
  return m.includes('audio') ? ['text', 'audio'] : m;
}

/** Internal modalities for a GA `output_modalities` value, or undefined when it is not one. */
export function modalitiesFromWireGa(v: unknown): Modality[] | undefined {
  const m = readModalities(v);
  return m && modalitiesFromGa(m);
}

function readModalities(v: unknown): Modality[] | undefined {
  if (!Array.isArray(v) || !v.every((m) => m === 'text' || m === 'audio')) return undefined;
  return [...new Set(v as Modality[])];
}

/** A flat format name from either dialect's spelling (`"pcm16"` or `{type:"audio/pcm", rate:24000}`). */
export function formatFromWire(v: unknown): AudioFormat | undefined {
  if (typeof v === 'string') {
    if ((FLAT_FORMATS as readonly string[]).includes(v)) return v as AudioFormat;
    return Object.hasOwn(GA_FORMAT_TO_FLAT, v) ? GA_FORMAT_TO_FLAT[v] : undefined;
  }
  if (!isObj(v)) return undefined;
  // GA's pcm format object may omit its type; 24 kHz pcm16 is then the only thing it can mean.
  if (v.type === undefined) return 'pcm16';
  const t = str(v.type);
  return t !== undefined && Object.hasOwn(GA_FORMAT_TO_FLAT, t) ? GA_FORMAT_TO_FLAT[t] : undefined;
}

function readTurnDetection(v: unknown): TurnDetection | undefined {
  if (v === null) return null;
  if (!isObj(v)) return undefined;
  const common = {
    create_response: bool(v.create_response),
    interrupt_response: bool(v.interrupt_response),
  };
  if (v.type === 'server_vad') {
    return dropUndefined({
      type: 'server_vad' as const,
      threshold: num(v.threshold),
      prefix_padding_ms: num(v.prefix_padding_ms),
      silence_duration_ms: num(v.silence_duration_ms),
      ...common,
    });
  }
  if (v.type === 'semantic_vad') {
    const eagerness = EAGERNESS.find((e) => e === v.eagerness);
    return dropUndefined({ type: 'semantic_vad' as const, eagerness, ...common });
  }
  return undefined;
}

function readTranscription(v: unknown): InputTranscription | null | undefined {
  if (v === null) return null;
  if (!isObj(v)) return undefined;
  const model = str(v.model);
  if (model === undefined) return undefined;
  return dropUndefined({ model, language: str(v.language), prompt: str(v.prompt) });
}

function readNoiseReduction(v: unknown): SessionConfig['input_audio_noise_reduction'] {
  if (v === null) return null;
  if (!isObj(v)) return undefined;
  return v.type === 'near_field' || v.type === 'far_field' ? { type: v.type } : undefined;
}

function readMaxTokens(v: unknown): number | 'inf' | undefined {
  return v === 'inf' ? 'inf' : num(v);
}

function dropUndefined<T extends object>(o: T): T {
  // fromEntries defines own properties, so even a `__proto__` key from JSON stays a plain key.
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

// Every key sessionFromWire reads or replaces, in either dialect.
const WIRE_SESSION_KEYS: ReadonlySet<string> = new Set([
  ...BETA_ONLY_SESSION_KEYS,
  'id',
  'model',
  'instructions',
  'tools',
  'tool_choice',
  'type',
  'audio',
  'output_modalities',
  'max_output_tokens',
]);

/** Maps a wire session (beta flat or GA nested; a mix is tolerated, nested wins) onto SessionInfo. */
export function sessionFromWire(raw: unknown): SessionInfo {
  if (!isObj(raw)) return {};
  const audio = isObj(raw.audio) ? raw.audio : {};
  const input = isObj(audio.input) ? audio.input : {};
  const output = isObj(audio.output) ? audio.output : {};
  const has = (o: Obj, k: string): boolean => Object.hasOwn(o, k);

  const gaModalities = readModalities(raw.output_modalities);
  // Keys neither dialect defines (object, expires_at, tracing, …) are kept, as for every other event.
  const extras = Object.fromEntries(Object.entries(raw).filter(([k]) => !WIRE_SESSION_KEYS.has(k)));
  const info: SessionInfo = {
    ...extras,
    id: str(raw.id),
    model: str(raw.model),
    modalities: gaModalities ? modalitiesFromGa(gaModalities) : readModalities(raw.modalities),
    instructions: str(raw.instructions),
    voice: str(has(output, 'voice') ? output.voice : raw.voice),
    input_audio_format: formatFromWire(has(input, 'format') ? input.format : raw.input_audio_format),
    output_audio_format: formatFromWire(has(output, 'format') ? output.format : raw.output_audio_format),
    turn_detection: readTurnDetection(has(input, 'turn_detection') ? input.turn_detection : raw.turn_detection),
    input_audio_transcription: readTranscription(
      has(input, 'transcription') ? input.transcription : raw.input_audio_transcription,
    ),
    input_audio_noise_reduction: readNoiseReduction(
      has(input, 'noise_reduction') ? input.noise_reduction : raw.input_audio_noise_reduction,
    ),
    temperature: num(raw.temperature),
    max_response_output_tokens: readMaxTokens(
      has(raw, 'max_output_tokens') ? raw.max_output_tokens : raw.max_response_output_tokens,
    ),
    tools: Array.isArray(raw.tools) ? raw.tools : undefined,
    tool_choice: str(raw.tool_choice),
  };
  return dropUndefined(info);
}

function gaFormat(f: AudioFormat): Obj {
  if (f === 'g711_ulaw') return { type: 'audio/pcmu' };
  if (f === 'g711_alaw') return { type: 'audio/pcma' };
  return { type: 'audio/pcm', rate: SAMPLE_RATE };
}

/** GA accepts exactly one output modality; audio output includes its transcript. */
export function gaOutputModalities(m: readonly Modality[]): ['audio'] | ['text'] | undefined {
  if (m.includes('audio')) return ['audio'];
  if (m.includes('text')) return ['text'];
  return undefined;
}

/** Writes a session config in the given dialect's shape. GA has no temperature: it is dropped. */
export function sessionToWire(config: SessionConfig, dialect: Dialect): object {
  if (dialect === 'beta') return dropUndefined({ ...config });

  const input = dropUndefined({
    format: config.input_audio_format && gaFormat(config.input_audio_format),
    turn_detection: config.turn_detection,
    transcription: config.input_audio_transcription,
    noise_reduction: config.input_audio_noise_reduction,
  });
  const output = dropUndefined({
    format: config.output_audio_format && gaFormat(config.output_audio_format),
    voice: config.voice,
  });
  const audio = dropUndefined({
    input: Object.keys(input).length > 0 ? input : undefined,
    output: Object.keys(output).length > 0 ? output : undefined,
  });
  return dropUndefined({
    type: 'realtime',
    model: config.model,
    output_modalities: config.modalities && gaOutputModalities(config.modalities),
    instructions: config.instructions,
    audio: Object.keys(audio).length > 0 ? audio : undefined,
    max_output_tokens: config.max_response_output_tokens,
    tools: config.tools,
    tool_choice: config.tool_choice,
  });
}
