// Parsing what clients send, in either dialect, into the internal vocabulary. Field checks mirror the
// service's: a bad event gets an `error` and the socket stays open.
import { z } from 'zod';
import type { ClientEvent, ContentPart, ConversationItem, Modality } from '../shared/protocol/events';

export type SimClientEvent = ClientEvent | { type: 'conversation.item.retrieve'; item_id: string };

export interface ClientEventError {
  code: string;
  message: string;
  param?: string;
}

export type ParsedClientEvent = { ok: true; event: SimClientEvent } | { ok: false; error: ClientEventError };

const part = z.union([
  z.object({ type: z.enum(['input_text', 'text', 'output_text']), text: z.string() }),
  z.object({
    type: z.enum(['input_audio', 'audio', 'output_audio']),
    audio: z.string().optional(),
    transcript: z.string().nullable().optional(),
  }),
]);
const item = z.object({
  id: z.string().optional(),
  type: z.enum(['message', 'function_call', 'function_call_output']),
  role: z.enum(['user', 'assistant', 'system']).optional(),
  status: z.enum(['completed', 'incomplete', 'in_progress']).optional(),
  content: z.array(part).optional(),
  call_id: z.string().optional(),
  name: z.string().optional(),
  arguments: z.string().optional(),
  output: z.string().optional(),
});
const modalities = z.array(z.enum(['text', 'audio']));

const schemas = {
  'session.update': z.object({ session: z.unknown() }),
  'input_audio_buffer.append': z.object({ audio: z.string() }),
  'input_audio_buffer.commit': z.object({}),
  'input_audio_buffer.clear': z.object({}),
  'conversation.item.create': z.object({ item, previous_item_id: z.string().nullable().optional() }),
  'conversation.item.truncate': z.object({
    item_id: z.string(),
    content_index: z.number().int().min(0),
    audio_end_ms: z.number().int().min(0),
  }),
  'conversation.item.delete': z.object({ item_id: z.string() }),
  'conversation.item.retrieve': z.object({ item_id: z.string() }),
  'response.create': z.object({
    response: z
      .object({
        modalities: modalities.optional(),
        output_modalities: modalities.optional(),
        instructions: z.string().optional(),
        voice: z.string().optional(),
        audio: z.object({ output: z.object({ voice: z.string().optional() }).optional() }).optional(),
      })
      .optional(),
  }),
  'response.cancel': z.object({ response_id: z.string().optional() }),
} as const;

type KnownType = keyof typeof schemas;

const PART_TYPES: Record<string, ContentPart['type']> = { output_text: 'text', output_audio: 'audio' };

function toItem(raw: z.infer<typeof item>): ConversationItem {
  const content = raw.content?.map((p) => ({ ...p, type: PART_TYPES[p.type] ?? p.type }) as ContentPart);
  return { ...raw, content };
}

function responseModalities(r: { modalities?: Modality[]; output_modalities?: Modality[] }): Modality[] | undefined {
  if (r.modalities) return r.modalities;
  if (r.output_modalities) return r.output_modalities.includes('audio') ? ['text', 'audio'] : ['text'];
  return undefined;
}

/** Validates one decoded client frame. */
export function parseClientEvent(raw: unknown): ParsedClientEvent {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw) || typeof (raw as { type?: unknown }).type !== 'string') {
    return { ok: false, error: { code: 'invalid_event', message: "The event must be an object with a string 'type'.", param: 'type' } };
  }
  const type = (raw as { type: string }).type;
  if (!(type in schemas)) {
    return { ok: false, error: { code: 'unknown_event', message: `Invalid value: '${type}'. Unsupported event type.`, param: 'type' } };
  }
  const parsed = schemas[type as KnownType].safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const param = (issue?.path ?? []).map(String).join('.');
    return { ok: false, error: { code: 'invalid_value', message: `Invalid value for '${param}': ${issue?.message ?? 'invalid'}`, param } };
  }
  return { ok: true, event: toInternal(type as KnownType, parsed.data as Record<string, unknown>) };
}

function toInternal(type: KnownType, data: Record<string, unknown>): SimClientEvent {
  switch (type) {
    case 'conversation.item.create': {
      const d = data as z.infer<(typeof schemas)['conversation.item.create']>;
      return { type, item: toItem(d.item), previous_item_id: d.previous_item_id };
    }
    case 'response.create': {
      const r = (data as z.infer<(typeof schemas)['response.create']>).response;
      if (!r) return { type };
      const response: { modalities?: Modality[]; instructions?: string; voice?: string } = {};
      const m = responseModalities(r);
      if (m) response.modalities = m;
      if (r.instructions !== undefined) response.instructions = r.instructions;
      const voice = r.voice ?? r.audio?.output?.voice;
      if (voice !== undefined) response.voice = voice;
      return { type, response };
    }
    case 'session.update':
      // The session body is validated against the dialect shapes by the session module.
      return { type, session: (data as { session: never }).session };
    default:
      return { type, ...data } as SimClientEvent;
  }
}
