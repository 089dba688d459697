// Zod schemas for every server event in the internal vocabulary (events.ts). They accept extra keys
// (servers add their own, e.g. `event_id`, `object`) and keep them, but are strict on what the client
// relies on: event types, ids, indices and numbers. Wire-dialect differences are not handled here;
// normalise.ts maps GA frames onto these shapes before validating.
import { z } from 'zod';
import { AUDIO_FORMATS, type ServerEventOf, type ServerEventType } from './events';

const id = z.string();
const index = z.int().nonnegative();
const ms = z.number().nonnegative();
// Padded standard base64; '' is valid (an empty audio chunk). Its issue (format 'base64') is how the
// normaliser tells `invalid_base64` from a field error.
const base64 = z.base64();

const errorBodySchema = z.looseObject({
  // Some servers leave out `type`; the message is what the user sees, so it is required.
  type: z.string().default('error'),
  code: z.string().nullish(),
  message: z.string(),
  param: z.string().nullish(),
  event_id: z.string().nullish(),
});

const turnDetection = z
  .discriminatedUnion('type', [
    z.looseObject({
      type: z.literal('server_vad'),
      threshold: z.number().optional(),
      prefix_padding_ms: z.number().optional(),
      silence_duration_ms: z.number().optional(),
      create_response: z.boolean().optional(),
      interrupt_response: z.boolean().optional(),
    }),
    z.looseObject({
      type: z.literal('semantic_vad'),
      eagerness: z.enum(['low', 'medium', 'high', 'auto']).optional(),
      create_response: z.boolean().optional(),
      interrupt_response: z.boolean().optional(),
    }),
  ])
  .nullable();

const audioFormat = z.enum(AUDIO_FORMATS);
const modality = z.enum(['text', 'audio']);

const sessionSchema = z.looseObject({
  id: z.string().optional(),
  model: z.string().optional(),
  modalities: z.array(modality).optional(),
  instructions: z.string().optional(),
  voice: z.string().optional(),
  input_audio_format: audioFormat.optional(),
  output_audio_format: audioFormat.optional(),
  turn_detection: turnDetection.optional(),
  input_audio_transcription: z
    .looseObject({ model: z.string(), language: z.string().optional(), prompt: z.string().optional() })
    .nullish(),
  input_audio_noise_reduction: z.looseObject({ type: z.enum(['near_field', 'far_field']) }).nullish(),
  temperature: z.number().optional(),
  max_response_output_tokens: z.union([z.number(), z.literal('inf')]).optional(),
  tools: z.array(z.unknown()).optional(),
  tool_choice: z.string().optional(),
});

const contentPartSchema = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('input_text'), text: z.string().default('') }),
  z.looseObject({ type: z.literal('input_audio'), audio: z.string().optional(), transcript: z.string().nullish() }),
  z.looseObject({ type: z.literal('text'), text: z.string().default('') }),
  z.looseObject({ type: z.literal('audio'), audio: z.string().optional(), transcript: z.string().nullish() }),
]);

const conversationItemSchema = z.looseObject({
  id: z.string().optional(),
  type: z.enum(['message', 'function_call', 'function_call_output']),
  role: z.enum(['user', 'assistant', 'system']).optional(),
  status: z.enum(['completed', 'incomplete', 'in_progress']).optional(),
  content: z.array(contentPartSchema).optional(),
  call_id: z.string().optional(),
  name: z.string().optional(),
  arguments: z.string().optional(),
  output: z.string().optional(),
});

const count = z.number().nonnegative().optional();
const usageSchema = z.looseObject({
  total_tokens: count,
  input_tokens: count,
  output_tokens: count,
  input_token_details: z
    .looseObject({ text_tokens: count, audio_tokens: count, cached_tokens: count })
    .optional(),
  output_token_details: z.looseObject({ text_tokens: count, audio_tokens: count }).optional(),
});

const responseSchema = z.looseObject({
  id,
  status: z.enum(['in_progress', 'completed', 'cancelled', 'failed', 'incomplete']).optional(),
  status_details: z.unknown().optional(),
  output: z.array(conversationItemSchema).optional(),
  usage: usageSchema.nullish(),
});

const contentRef = { response_id: id, item_id: id, output_index: index, content_index: index };
/**
 * Streaming deltas: the service's own page shows `{type, delta}` with no ids, so a minimal server may
 * omit them. Missing ids become '' (the client then plays and shows the stream, but cannot truncate it).
 */
const streamRef = { response_id: id.default(''), item_id: id.default(''), output_index: index.default(0), content_index: index.default(0) };
const functionRef = { response_id: id, item_id: id, call_id: id };

const ev = <T extends string, S extends z.core.$ZodLooseShape>(type: T, shape: S) =>
  z.looseObject({ type: z.literal(type), ...shape });

type SchemaMap = { [T in ServerEventType]: z.ZodType<ServerEventOf<T>> };

/** One schema per internal event type; the mapped type makes a missing or mistyped entry a compile error. */
export const SERVER_EVENT_SCHEMAS: SchemaMap = {
  error: ev('error', { error: errorBodySchema }),
  'session.created': ev('session.created', { session: sessionSchema }),
  'session.updated': ev('session.updated', { session: sessionSchema }),
  'conversation.created': ev('conversation.created', { conversation: z.looseObject({ id }) }),
  'input_audio_buffer.committed': ev('input_audio_buffer.committed', {
    item_id: id,
    previous_item_id: z.string().nullish(),
  }),
  'input_audio_buffer.cleared': ev('input_audio_buffer.cleared', {}),
  'input_audio_buffer.speech_started': ev('input_audio_buffer.speech_started', { audio_start_ms: ms, item_id: id }),
  'input_audio_buffer.speech_stopped': ev('input_audio_buffer.speech_stopped', { audio_end_ms: ms, item_id: id }),
  'conversation.item.created': ev('conversation.item.created', {
    item: conversationItemSchema,
    previous_item_id: z.string().nullish(),
  }),
  'conversation.item.done': ev('conversation.item.done', {
    item: conversationItemSchema,
    previous_item_id: z.string().nullish(),
  }),
  'conversation.item.input_audio_transcription.delta': ev('conversation.item.input_audio_transcription.delta', {
    item_id: id,
    content_index: index.optional(),
    // Optional in both dialects' types; an absent delta adds nothing.
    delta: z.string().default(''),
  }),
  'conversation.item.input_audio_transcription.completed': ev(
    'conversation.item.input_audio_transcription.completed',
    { item_id: id, content_index: index.optional(), transcript: z.string() },
  ),
  'conversation.item.input_audio_transcription.failed': ev('conversation.item.input_audio_transcription.failed', {
    item_id: id,
    content_index: index.optional(),
    // Every field of this error is optional in the SDK types.
    error: z.looseObject({
      type: z.string().default('transcription_error'),
      code: z.string().nullish(),
      message: z.string().default('Transcription failed'),
      param: z.string().nullish(),
      event_id: z.string().nullish(),
    }),
  }),
  'conversation.item.truncated': ev('conversation.item.truncated', {
    item_id: id,
    content_index: index,
    audio_end_ms: ms,
  }),
  'conversation.item.deleted': ev('conversation.item.deleted', { item_id: id }),
  'response.created': ev('response.created', { response: responseSchema }),
  'response.done': ev('response.done', { response: responseSchema }),
  'response.output_item.added': ev('response.output_item.added', {
    response_id: id,
    output_index: index,
    item: conversationItemSchema,
  }),
  'response.output_item.done': ev('response.output_item.done', {
    response_id: id,
    output_index: index,
    item: conversationItemSchema,
  }),
  'response.content_part.added': ev('response.content_part.added', { ...contentRef, part: contentPartSchema }),
  'response.content_part.done': ev('response.content_part.done', { ...contentRef, part: contentPartSchema }),
  'response.text.delta': ev('response.text.delta', { ...streamRef, delta: z.string() }),
  'response.text.done': ev('response.text.done', { ...streamRef, text: z.string() }),
  'response.audio.delta': ev('response.audio.delta', { ...streamRef, delta: base64 }),
  'response.audio.done': ev('response.audio.done', streamRef),
  'response.audio_transcript.delta': ev('response.audio_transcript.delta', { ...streamRef, delta: z.string() }),
  'response.audio_transcript.done': ev('response.audio_transcript.done', { ...streamRef, transcript: z.string() }),
  'response.function_call_arguments.delta': ev('response.function_call_arguments.delta', {
    ...functionRef,
    delta: z.string(),
  }),
  'response.function_call_arguments.done': ev('response.function_call_arguments.done', {
    ...functionRef,
    arguments: z.string(),
  }),
  'rate_limits.updated': ev('rate_limits.updated', {
    rate_limits: z.array(
      z.looseObject({ name: z.string(), limit: z.number(), remaining: z.number(), reset_seconds: z.number() }),
    ),
  }),
};

/** Internal server event names, for the simulator and tests. */
export const KNOWN_SERVER_EVENT_TYPES: readonly ServerEventType[] = Object.freeze(
  Object.keys(SERVER_EVENT_SCHEMAS) as ServerEventType[],
);

const knownTypes: ReadonlySet<string> = new Set(KNOWN_SERVER_EVENT_TYPES);
export function isKnownServerEventType(type: string): type is ServerEventType {
  return knownTypes.has(type);
}
