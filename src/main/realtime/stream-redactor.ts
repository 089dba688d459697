// Streamed text (reply text, transcripts, function arguments) arrives in deltas, and a key split across
// two of them is in neither. Each stream holds back only the end of its text that could still become
// the key, releases it as soon as the next delta proves otherwise, and flushes it when the stream ends,
// so the text that comes out is exactly the whole text with the key redacted, and nothing is lost.
import type { ServerEvent } from '../../shared/protocol/events';
import { redactKey, redactKeyInValue, redactValue, spellingsFor } from './redact';

/** One stream of text: what to let through now, and what to hold until the next delta or the end. */
export class TextStreamRedactor {
  private held = '';

  constructor(private readonly key: string) {}

  push(delta: string): string {
    const text = redactKey(this.held + delta, this.key);
    const cut = spellingsFor(this.key)?.openTailStart(text) ?? text.length;
    this.held = text.slice(cut);
    return text.slice(0, cut);
  }

  /** The held end, which cannot be the key on its own; the stream is then empty again. */
  flush(): string {
    const rest = this.held;
    this.held = '';
    return rest;
  }
}

type DeltaEvent = Extract<
  ServerEvent,
  {
    type:
      | 'response.text.delta'
      | 'response.audio_transcript.delta'
      | 'conversation.item.input_audio_transcription.delta'
      | 'response.function_call_arguments.delta';
  }
>;

interface OpenStream {
  text: TextStreamRedactor;
  /** The latest delta, the template for a delta that releases the held end. */
  last: DeltaEvent;
}

/** The stream a delta belongs to and the end events that close it; null for any other event. */
function streamOf(event: ServerEvent): { id: string; delta?: DeltaEvent } | null {
  switch (event.type) {
    case 'response.text.delta':
    case 'response.text.done':
      return { id: `text ${event.item_id} ${event.content_index}`, ...(event.type === 'response.text.delta' ? { delta: event } : {}) };
    case 'response.audio_transcript.delta':
    case 'response.audio_transcript.done':
      return { id: `transcript ${event.item_id} ${event.content_index}`, ...(event.type === 'response.audio_transcript.delta' ? { delta: event } : {}) };
    case 'conversation.item.input_audio_transcription.delta':
    case 'conversation.item.input_audio_transcription.completed':
    case 'conversation.item.input_audio_transcription.failed':
      return {
        id: `input ${event.item_id} ${event.content_index ?? 0}`,
        ...(event.type === 'conversation.item.input_audio_transcription.delta' ? { delta: event } : {}),
      };
    case 'response.function_call_arguments.delta':
    case 'response.function_call_arguments.done':
      return { id: `arguments ${event.item_id} ${event.call_id}`, ...(event.type === 'response.function_call_arguments.delta' ? { delta: event } : {}) };
    default:
      return null;
  }
}

/** The response a stream belongs to; null for a transcription of the user's audio. */
const responseOf = (delta: DeltaEvent): string | null => ('response_id' in delta ? delta.response_id : null);

/**
 * Makes every server event key-free before anyone sees it: strings in events lose every spelling of
 * the key, `error` bodies also lose anything that looks like a credential, and deltas pass a
 * TextStreamRedactor per stream. One event in, the events to emit out (a held end comes out as one
 * more delta just before the event that ends its stream).
 */
export class ServerEventRedactor {
  private readonly streams = new Map<string, OpenStream>();

  constructor(private readonly key: string) {}

  redact(event: ServerEvent): ServerEvent[] {
    if (event.type === 'error') return [redactValue(event, this.key)];
    const stream = streamOf(event);
    if (stream?.delta) return [this.pushDelta(stream.id, stream.delta)];
    const out: ServerEvent[] = stream ? this.close(stream.id) : [];
    if (event.type === 'response.done') {
      for (const [id, open] of this.streams) {
        // Deltas streamed without ids ('') belong to whichever response is running.
        const response = responseOf(open.last);
        if (response === event.response.id || response === '') out.push(...this.close(id));
      }
    }
    out.push(event.type === 'conversation.item.input_audio_transcription.failed' ? redactValue(event, this.key) : redactKeyInValue(event, this.key));
    return out;
  }

  /** Releases every held end (the session is gone, so no end event will come). */
  flushAll(): ServerEvent[] {
    return [...this.streams.keys()].flatMap((id) => this.close(id));
  }

  private pushDelta(id: string, event: DeltaEvent): DeltaEvent {
    // The delta's own text goes through the stream alone: redacting it first could cut a key that
    // begins in the held end differently from how the whole text would be cut.
    const clean = redactKeyInValue({ ...event, delta: '' }, this.key);
    let open = this.streams.get(id);
    if (!open) {
      open = { text: new TextStreamRedactor(this.key), last: clean };
      this.streams.set(id, open);
    }
    open.last = clean;
    return { ...clean, delta: open.text.push(event.delta) };
  }

  private close(id: string): DeltaEvent[] {
    const open = this.streams.get(id);
    if (!open) return [];
    this.streams.delete(id);
    const rest = open.text.flush();
    return rest ? [{ ...open.last, delta: rest }] : [];
  }
}
