// Event names that differ between the GA and beta wire dialects. The internal vocabulary uses the beta
// names, so GA names are rewritten on the way in. Source of truth: the `openai` package's GA types
// (resources/realtime) against its beta types (resources/beta/realtime).
import type { Dialect, ServerEventType } from './events';

/** GA server event name → internal (beta) name. */
export const GA_TO_INTERNAL_EVENT: Readonly<Record<string, ServerEventType>> = Object.freeze({
  'conversation.item.added': 'conversation.item.created',
  'response.output_text.delta': 'response.text.delta',
  'response.output_text.done': 'response.text.done',
  'response.output_audio.delta': 'response.audio.delta',
  'response.output_audio.done': 'response.audio.done',
  'response.output_audio_transcript.delta': 'response.audio_transcript.delta',
  'response.output_audio_transcript.done': 'response.audio_transcript.done',
});

// `conversation.item.done` exists only in GA but keeps its name internally; it still proves the dialect.
const GA_ONLY_EVENTS: ReadonlySet<string> = new Set([...Object.keys(GA_TO_INTERNAL_EVENT), 'conversation.item.done']);

// GA still declares `conversation.item.created`, so only the renamed response streams prove beta.
const BETA_ONLY_EVENTS: ReadonlySet<string> = new Set([
  'response.text.delta',
  'response.text.done',
  'response.audio.delta',
  'response.audio.done',
  'response.audio_transcript.delta',
  'response.audio_transcript.done',
]);

/** The dialect an event name alone proves, or null when both dialects use it. */
export function dialectOfEventName(type: string): Dialect | null {
  if (GA_ONLY_EVENTS.has(type)) return 'ga';
  if (BETA_ONLY_EVENTS.has(type)) return 'beta';
  return null;
}

/** Internal name for a wire name in either dialect (unchanged when not renamed). */
export function internalEventName(type: string): string {
  return Object.hasOwn(GA_TO_INTERNAL_EVENT, type) ? (GA_TO_INTERNAL_EVENT[type] as string) : type;
}
