// The session client's typed event surface and its one-line commands. Every command is a single
// client event through `send`, so the transport class only has to get `send` right.
import { EventEmitter } from 'node:events';
import { errorText } from '../../shared/error-text';
import type { ClientEvent, ConversationItem } from '../../shared/protocol/events';
import { userTextItem } from '../../shared/protocol/encode';
import type { SessionClientEvents } from './types';
import { redactSecrets } from './redact';

type SessionEventArgs = { [K in keyof SessionClientEvents]: Parameters<SessionClientEvents[K]> };
type ResponseOptions = Extract<ClientEvent, { type: 'response.create' }>['response'];

export abstract class SessionCommands extends EventEmitter<SessionEventArgs> {
  constructor(private readonly secret: string) {
    super();
  }

  /** Sends one client event in the peer's dialect; returns the event_id attached to it. */
  abstract send(event: ClientEvent): string;

  /** pcm16 (24 kHz mono little-endian) to the input buffer; no reply comes for it. */
  appendAudio(pcm16: Uint8Array): string {
    // A Buffer view over the same memory: encoding needs no copy of the audio.
    return this.send({ type: 'input_audio_buffer.append', audio: Buffer.from(pcm16.buffer, pcm16.byteOffset, pcm16.byteLength).toString('base64') });
  }

  commitAudio(): string {
    return this.send({ type: 'input_audio_buffer.commit' });
  }

  clearAudio(): string {
    return this.send({ type: 'input_audio_buffer.clear' });
  }

  createItem(item: ConversationItem, previousItemId?: string): string {
    return this.send({ type: 'conversation.item.create', item, ...(previousItemId !== undefined ? { previous_item_id: previousItemId } : {}) });
  }

  /** A user text message. */
  sendText(text: string): string {
    return this.createItem(userTextItem(text));
  }

  /** Cuts an assistant item's audio at what was actually played (whole milliseconds). */
  truncate(itemId: string, audioEndMs: number, contentIndex = 0): string {
    return this.send({
      type: 'conversation.item.truncate',
      item_id: itemId,
      content_index: contentIndex,
      audio_end_ms: Math.max(0, Math.round(audioEndMs)),
    });
  }

  createResponse(options?: ResponseOptions): string {
    return this.send(options ? { type: 'response.create', response: options } : { type: 'response.create' });
  }

  cancelResponse(responseId?: string): string {
    return this.send(responseId !== undefined ? { type: 'response.cancel', response_id: responseId } : { type: 'response.cancel' });
  }

  /**
   * Calls each listener on its own, so a throwing listener can neither skip the others nor abort the
   * client's handling of the frame that triggered it. An unheard 'error' is not thrown either (Node's
   * default would crash the process from inside a socket callback).
   */
  protected notify<K extends keyof SessionEventArgs>(event: K, ...args: SessionEventArgs[K]): void {
    for (const listener of this.rawListeners(event) as ((...a: unknown[]) => void)[]) {
      try {
        listener.apply(this, args);
      } catch (err) {
        this.report(`a '${String(event)}' listener`, err);
      }
    }
  }

  /** The one place the client writes to the console: a bug in a listener or in the client itself. */
  protected report(where: string, err: unknown): void {
    console.error(`SessionClient: ${where} failed: ${redactSecrets(errorText(err), this.secret)}`);
  }
}
