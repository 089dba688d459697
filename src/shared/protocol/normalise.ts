// Turns one text frame from the server into an internal ServerEvent, whichever dialect it was written in,
// and reports which dialect it proves. Never throws: a bad frame becomes a typed ProtocolError so the
// socket handler can report it and carry on.
import type { z } from 'zod';
import type { Dialect, ServerEvent } from './events';
import type { ProtocolError, ProtocolErrorCode } from './protocol-error';
import { dialectOfEventName, internalEventName } from './dialect-names';
import { SERVER_EVENT_SCHEMAS, isKnownServerEventType } from './server-schema';
import {
  formatFromWire,
  isBetaSessionShape,
  isGaSessionShape,
  modalitiesFromWireGa,
  sessionFromWire,
} from './session-shape';

export type NormaliseResult =
  | { ok: true; event: ServerEvent; dialect: Dialect | null }
  | { ok: false; error: ProtocolError };

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

const EXCERPT_CHARS = 200;
const TYPE_CHARS = 100;

// Collects what the frame's shapes (as opposed to its name) say about the dialect.
interface Hints {
  ga: boolean;
  beta: boolean;
}

const PART_TYPE_FROM_GA: Readonly<Record<string, string>> = { output_text: 'text', output_audio: 'audio' };
const INTERNAL_PART_TYPES: ReadonlySet<string> = new Set(['input_text', 'input_audio', 'text', 'audio']);

/**
 * GA spells assistant content `output_text`/`output_audio`; internally they are `text`/`audio`.
 * Returns null for an object part of a type the client does not model (e.g. `input_image`), so an item
 * carrying one is still usable; anything else unreadable is left for the schema to reject.
 */
function mapPart(part: unknown, role: unknown, hints: Hints): unknown {
  if (!isObj(part)) return part;
  const t = part.type;
  if (typeof t === 'string') {
    if (Object.hasOwn(PART_TYPE_FROM_GA, t)) {
      hints.ga = true;
      return { ...part, type: PART_TYPE_FROM_GA[t] };
    }
    return INTERNAL_PART_TYPES.has(t) ? part : null;
  }
  if (t !== undefined) return part;
  // Both SDKs mark the part type optional; infer it from the role and which payload is present.
  const isAudio = 'audio' in part || 'transcript' in part;
  const isInput = role === 'user' || role === 'system';
  const type = isInput ? (isAudio ? 'input_audio' : 'input_text') : isAudio ? 'audio' : 'text';
  return { ...part, type };
}

function mapItem(item: unknown, hints: Hints): unknown {
  if (!isObj(item) || !Array.isArray(item.content)) return item;
  const content = item.content.map((p) => mapPart(p, item.role, hints)).filter((p) => p !== null);
  return { ...item, content };
}

function mapResponse(response: unknown, hints: Hints): unknown {
  if (!isObj(response)) return response;
  const out: Obj = { ...response };
  if (Array.isArray(response.output)) out.output = response.output.map((i) => mapItem(i, hints));
  if ('output_modalities' in response) {
    hints.ga = true;
    const modalities = modalitiesFromWireGa(response.output_modalities);
    delete out.output_modalities;
    if (modalities && !('modalities' in response)) out.modalities = modalities;
  } else if ('modalities' in response) {
    hints.beta = true;
  }
  if (isObj(response.audio) && isObj(response.audio.output)) {
    const { voice, format } = response.audio.output;
    if (typeof voice === 'string' && !('voice' in response)) out.voice = voice;
    const f = formatFromWire(format);
    if (f && !('output_audio_format' in response)) out.output_audio_format = f;
  }
  return out;
}

/** Rewrites GA shapes inside a (renamed) event onto the internal ones. */
function mapShapes(type: string, raw: Obj, hints: Hints): Obj {
  const ev: Obj = { ...raw, type };
  switch (type) {
    case 'session.created':
    case 'session.updated':
      if (isObj(raw.session)) {
        if (isGaSessionShape(raw.session)) hints.ga = true;
        else if (isBetaSessionShape(raw.session)) hints.beta = true;
        ev.session = sessionFromWire(raw.session);
      }
      break;
    case 'conversation.item.created':
    case 'conversation.item.done':
    case 'response.output_item.added':
    case 'response.output_item.done':
      ev.item = mapItem(raw.item, hints);
      break;
    case 'response.created':
    case 'response.done':
      ev.response = mapResponse(raw.response, hints);
      break;
    case 'response.content_part.added':
    case 'response.content_part.done': {
      const part = mapPart(raw.part, undefined, hints);
      // An unmodelled part type here is the thing the event is about, so it must fail validation.
      if (part !== null) ev.part = part;
      break;
    }
    case 'error':
      // Some servers send the error as a bare string.
      if (typeof raw.error === 'string') ev.error = { type: 'error', message: raw.error };
      break;
  }
  return ev;
}

function fail(code: ProtocolErrorCode, message: string, frame: string, eventType?: string): NormaliseResult {
  const error: ProtocolError = { code, message, excerpt: frame.slice(0, EXCERPT_CHARS) };
  if (eventType !== undefined) error.eventType = eventType.slice(0, EXCERPT_CHARS);
  return { ok: false, error };
}

function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  const shown = issues.slice(0, 3).map((i) => `${i.path.length ? i.path.join('.') : '(event)'}: ${i.message}`);
  const more = issues.length > 3 ? ` (and ${issues.length - 3} more)` : '';
  return shown.join('; ') + more;
}

function isBase64Issue(issue: z.core.$ZodIssue): boolean {
  return issue.code === 'invalid_format' && issue.format === 'base64';
}

function normalise(frame: string): NormaliseResult {
  let raw: unknown;
  try {
    raw = JSON.parse(frame);
  } catch {
    return fail('invalid_json', 'The server sent a frame that is not valid JSON.', frame);
  }
  if (!isObj(raw)) {
    const kind = raw === null ? 'null' : Array.isArray(raw) ? 'an array' : `a ${typeof raw}`;
    return fail('not_an_object', `The server sent JSON that is not an event object (got ${kind}).`, frame);
  }
  const wireType = raw.type;
  if (typeof wireType !== 'string') {
    return fail('missing_type', 'The server sent an event without a text "type" field.', frame);
  }
  const type = internalEventName(wireType);
  if (!isKnownServerEventType(type)) {
    const shown = wireType.length > TYPE_CHARS ? `${wireType.slice(0, TYPE_CHARS)}…` : wireType;
    return fail('unknown_event', `The server sent an event of a type this client does not know: "${shown}".`, frame, wireType);
  }

  const hints: Hints = { ga: false, beta: false };
  const candidate = mapShapes(type, raw, hints);
  const parsed = SERVER_EVENT_SCHEMAS[type].safeParse(candidate);
  if (!parsed.success) {
    const issues = parsed.error.issues;
    if (issues.some(isBase64Issue)) {
      return fail('invalid_base64', `The server's "${wireType}" event carries audio that is not valid base64.`, frame, wireType);
    }
    return fail(
      'invalid_fields',
      `The server's "${wireType}" event has missing or mistyped fields: ${describeIssues(issues)}.`,
      frame,
      wireType,
    );
  }
  // The name is the stronger proof; shapes decide only when the name is shared by both dialects.
  const dialect = dialectOfEventName(wireType) ?? (hints.ga === hints.beta ? null : hints.ga ? 'ga' : 'beta');
  return { ok: true, event: parsed.data as ServerEvent, dialect };
}

/** Parses, maps (GA → internal) and validates one server frame. Never throws. */
export function normaliseServerFrame(frame: string): NormaliseResult {
  try {
    return normalise(frame);
  } catch {
    // Nothing above is expected to throw; this keeps the "never throws" promise for the socket handler.
    return fail('invalid_fields', 'The server sent an event this client could not read.', String(frame));
  }
}
