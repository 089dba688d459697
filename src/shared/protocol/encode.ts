// Writes internal client events as JSON frames in the peer's dialect. Most client events are spelled
// the same in both; the differences are the session shape, response.create's output options and the
// content types of assistant messages (GA: output_text/output_audio).
import type { ClientEvent, ContentPart, ConversationItem, Dialect } from './events';
import { gaOutputModalities, sessionToWire } from './session-shape';

type Obj = Record<string, unknown>;

const GA_ASSISTANT_PART_TYPE: Readonly<Record<string, string>> = { text: 'output_text', audio: 'output_audio' };

function itemToGa(item: ConversationItem): Obj {
  if (item.role !== 'assistant' || !item.content) return { ...item };
  const content = item.content.map((p: ContentPart) =>
    Object.hasOwn(GA_ASSISTANT_PART_TYPE, p.type) ? { ...p, type: GA_ASSISTANT_PART_TYPE[p.type] } : p,
  );
  return { ...item, content };
}

function responseToGa(response: Extract<ClientEvent, { type: 'response.create' }>['response']): Obj | undefined {
  if (!response) return undefined;
  const { modalities, voice, ...rest } = response;
  const out: Obj = { ...rest };
  if (modalities) {
    const m = gaOutputModalities(modalities);
    if (m) out.output_modalities = m;
  }
  if (voice !== undefined) out.audio = { output: { voice } };
  return out;
}

function toWire(event: ClientEvent, dialect: Dialect): Obj {
  switch (event.type) {
    case 'session.update':
      return { ...event, session: sessionToWire(event.session, dialect) };
    case 'response.create':
      return dialect === 'ga' && event.response ? { ...event, response: responseToGa(event.response) } : { ...event };
    case 'conversation.item.create':
      return dialect === 'ga' ? { ...event, item: itemToGa(event.item) } : { ...event };
    default:
      return { ...event };
  }
}

/** The JSON frame for a client event in the given dialect; `eventId` becomes `event_id` (echoed by errors). */
export function encodeClientEvent(event: ClientEvent, dialect: Dialect, eventId?: string): string {
  const wire = toWire(event, dialect);
  // `event_id` first only so frames read naturally in logs and captures.
  return JSON.stringify(eventId === undefined ? wire : { event_id: eventId, ...wire });
}

/** A user text message, as both dialects spell it. */
export function userTextItem(text: string): ConversationItem {
  return { type: 'message', role: 'user', content: [{ type: 'input_text', text }] };
}

/** An assistant text message (e.g. to replay context into a new session); GA spelling is applied on encode. */
export function assistantTextItem(text: string): ConversationItem {
  return { type: 'message', role: 'assistant', content: [{ type: 'text', text }] };
}
