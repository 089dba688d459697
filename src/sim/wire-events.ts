// Names and shapes of what the simulator emits. Everything is built in the internal (beta) vocabulary
// and rewritten here for the dialect the simulator speaks; GA-only or beta-only events are dropped.
import type { AudioFormat, ContentPart, ConversationItem, Modality, ResponseInfo, ServerEvent } from '../shared/protocol/events';
import { newId } from './ids';
import type { Dialect } from '../shared/domain';
import { formatToWire, sessionToWire } from './wire-session';

/** Events beyond the client's vocabulary that the simulator also speaks. */
export type SimEvent = ServerEvent | { type: 'conversation.item.retrieved'; item: ConversationItem };

/** The response object carries what the dialects name differently. */
export interface SimResponse extends ResponseInfo {
  conversation_id: string;
  modalities: Modality[];
  voice: string;
  output_audio_format: AudioFormat;
  max_output_tokens: number | 'inf';
}

const GA_NAMES: Record<string, string> = {
  'conversation.item.created': 'conversation.item.added',
  'response.text.delta': 'response.output_text.delta',
  'response.text.done': 'response.output_text.done',
  'response.audio.delta': 'response.output_audio.delta',
  'response.audio.done': 'response.output_audio.done',
  'response.audio_transcript.delta': 'response.output_audio_transcript.delta',
  'response.audio_transcript.done': 'response.output_audio_transcript.done',
};
const GA_ONLY = new Set(['conversation.item.done']);
const BETA_ONLY = new Set(['conversation.created']);
const GA_PART_TYPES: Record<string, string> = { text: 'output_text', audio: 'output_audio' };

export interface WireContext {
  dialect: Dialect;
  /** Session creation time in Unix seconds, for `expires_at`. */
  createdAt: number;
  /** When the session ends, in Unix seconds, if not the default 30 minutes after `createdAt` (a session cap). */
  expiresAt?: number;
}

function partToWire(part: ContentPart, dialect: Dialect): Record<string, unknown> {
  if (dialect === 'beta') return { ...part };
  return { ...part, type: GA_PART_TYPES[part.type] ?? part.type };
}

function itemToWire(item: ConversationItem, dialect: Dialect): Record<string, unknown> {
  const content = item.content?.map((p) => partToWire(p, dialect));
  return { ...item, object: 'realtime.item', ...(content ? { content } : {}) };
}

function responseToWire(r: ResponseInfo, dialect: Dialect): Record<string, unknown> {
  const { modalities, voice, output_audio_format, ...rest } = r as SimResponse;
  const output = r.output?.map((i) => itemToWire(i, dialect));
  const common = { object: 'realtime.response', ...rest, output, status_details: r.status_details ?? null, usage: r.usage ?? null };
  if (dialect === 'beta') return { ...common, modalities, voice, output_audio_format };
  return {
    ...common,
    output_modalities: modalities.includes('audio') ? ['audio'] : ['text'],
    audio: { output: { format: formatToWire(output_audio_format, 'ga'), voice } },
  };
}

/** The frame to send for an internal event, or null when the dialect has no such event. */
export function encodeEvent(event: SimEvent, ctx: WireContext): Record<string, unknown> | null {
  const { dialect } = ctx;
  if (dialect === 'beta' && GA_ONLY.has(event.type)) return null;
  if (dialect === 'ga' && BETA_ONLY.has(event.type)) return null;
  const out: Record<string, unknown> = { ...event };
  if (dialect === 'ga') out.type = GA_NAMES[event.type] ?? event.type;
  if ('session' in event) out.session = sessionToWire(event.session, dialect, ctx.createdAt, ctx.expiresAt);
  if ('item' in event) out.item = itemToWire(event.item, dialect);
  if ('part' in event) out.part = partToWire(event.part, dialect);
  if ('response' in event) out.response = responseToWire(event.response, dialect);
  if (event.type === 'conversation.created') out.conversation = { ...event.conversation, object: 'realtime.conversation' };
  return { event_id: newId('event'), ...out };
}
