// One response from `response.created` to `response.done`: the event sequence, real-time pacing of the
// deltas, cancellation (synchronous, so nothing leaks after the client's cancel) and the drop fault.
import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';
import type { AudioFormat, ContentPart, ConversationItem, Modality, ResponseStatus } from '../shared/protocol/events';
import { BYTES_PER_MS, bytesToMs } from '../shared/audio-format';
import type { Conversation, StoredItem } from './conversation';
import { newId } from './ids';
import { planReply, usageFor } from './reply-plan';
import type { SimEvent, SimResponse } from './wire-events';

const AUDIO_CHUNK_MS = 100;
/**
 * How far ahead of real time a paced response runs. Real services generate faster than they speak and send
 * ahead; a strictly real-time simulator left clients no margin at all against a late delta.
 */
const SENT_AHEAD_MS = 300;
/** Pacing of text deltas at pace 1: a brisk reading speed. */
const TEXT_DELTA_MS = 50;

export interface ResponseHost {
  send(event: SimEvent): void;
  /** Flushes what was sent, then destroys the socket without a close frame. */
  drop(): Promise<void>;
  /** Called once, when the response has ended in any way. */
  finished(run: ResponseRun): void;
}

export interface ResponseSettings {
  modalities: Modality[];
  voice: string;
  outputFormat: AudioFormat;
  maxOutputTokens: number | 'inf';
  conversationId: string;
  /** Real-time factor; 0 = as fast as the event loop allows. */
  pace: number;
  /** Destroy the socket after half the deltas (the drop-mid-response fault). */
  dropMidway: boolean;
  /** Speech for typed questions' replies instead of the tone (the reply-voice fault). */
  replyVoice: Buffer | null;
}

export type CancelReason = 'client_cancelled' | 'turn_detected';

export class ResponseRun {
  readonly id = newId('resp');
  private readonly itemId = newId('item');
  private readonly abort = new AbortController();
  private readonly stored: StoredItem;
  private readonly withAudio: boolean;
  private readonly text: string;
  private readonly audio: Buffer;
  private sentText = '';
  private sentAudio: Buffer[] = [];
  private done = false;
  /** The delta steps and the next one to send, for the late-deltas fault. */
  private plannedSteps: { ms: number; emit: () => void }[] = [];
  private nextStep = 0;

  constructor(
    private readonly host: ResponseHost,
    private readonly conversation: Conversation,
    private readonly settings: ResponseSettings,
  ) {
    this.withAudio = settings.modalities.includes('audio');
    const plan = planReply(conversation, this.withAudio, settings.replyVoice);
    this.text = plan.text;
    this.audio = plan.audio ?? Buffer.alloc(0);
    this.stored = { item: { id: this.itemId, type: 'message', role: 'assistant', status: 'in_progress', content: [] } };
  }

  get active(): boolean {
    return !this.done;
  }

  get outputItemId(): string {
    return this.itemId;
  }

  /** Emits the opening events synchronously and streams the rest in the background. */
  start(): void {
    const ref = { response_id: this.id, item_id: this.itemId, output_index: 0, content_index: 0 };
    this.host.send({ type: 'response.created', response: this.response('in_progress', null) });
    this.host.send({
      type: 'rate_limits.updated',
      rate_limits: [
        { name: 'requests', limit: 5000, remaining: 4999, reset_seconds: 0.012 },
        { name: 'tokens', limit: 40000, remaining: 40000 - Math.ceil(this.text.length / 4), reset_seconds: 0.25 },
      ],
    });
    const inserted = this.conversation.insert(this.stored);
    const previous = 'previous_item_id' in inserted ? inserted.previous_item_id : null;
    this.host.send({ type: 'response.output_item.added', response_id: this.id, output_index: 0, item: this.itemView() });
    this.host.send({ type: 'conversation.item.created', item: this.itemView(), previous_item_id: previous });
    this.host.send({ type: 'response.content_part.added', ...ref, part: this.part('', true) });
    void this.stream(ref);
  }

  /** Stops the deltas at once and closes the response as cancelled, after `lateMs` of in-flight deltas. */
  cancel(reason: CancelReason, lateMs = 0): void {
    if (this.done) return;
    this.abort.abort();
    for (let sent = 0; sent < lateMs && this.nextStep < this.plannedSteps.length; this.nextStep++) {
      const step = this.plannedSteps[this.nextStep]!;
      step.emit();
      sent += step.ms;
    }
    this.finish('cancelled', { type: 'cancelled', reason });
  }

  /** Ends without further events (socket gone or session expired). */
  abandon(): void {
    if (this.done) return;
    this.done = true;
    this.abort.abort();
    this.host.finished(this);
  }

  private async stream(ref: { response_id: string; item_id: string; output_index: number; content_index: number }): Promise<void> {
    const steps = this.steps(ref);
    this.plannedSteps = steps;
    const dropAfter = this.settings.dropMidway ? Math.ceil(steps.length / 2) : -1;
    const started = performance.now();
    let dueMs = 0;
    try {
      for (let i = 0; i < steps.length; i++) {
        const step = steps[i];
        if (this.done || !step) return;
        this.nextStep = i + 1;
        step.emit();
        if (i + 1 === dropAfter) {
          this.abandon();
          await this.host.drop();
          return;
        }
        dueMs += this.settings.pace > 0 ? step.ms / this.settings.pace : 0;
        await this.wait(started + dueMs - SENT_AHEAD_MS - performance.now());
      }
    } catch {
      return; // aborted: cancel() or abandon() has already closed the response
    }
    if (!this.done) this.finish('completed', null);
  }

  private wait(ms: number): Promise<unknown> {
    const signal = this.abort.signal;
    return ms > 0 ? sleep(ms, undefined, { signal }) : nextTurn(undefined, { signal });
  }

  private steps(ref: { response_id: string; item_id: string; output_index: number; content_index: number }) {
    const words = this.text.match(/\s*\S+/g) ?? [];
    if (!this.withAudio) {
      return words.map((delta) => ({
        ms: TEXT_DELTA_MS,
        emit: () => {
          this.sentText += delta;
          this.host.send({ type: 'response.text.delta', ...ref, delta });
        },
      }));
    }
    const chunkBytes = AUDIO_CHUNK_MS * BYTES_PER_MS;
    const chunks = Math.max(1, Math.ceil(this.audio.length / chunkBytes));
    let wordsSent = 0;
    return Array.from({ length: chunks }, (_, i) => {
      const chunk = this.audio.subarray(i * chunkBytes, (i + 1) * chunkBytes);
      return {
        ms: bytesToMs(chunk.length),
        emit: () => {
          // Transcript runs slightly ahead of the audio, as on the service.
          const upTo = Math.ceil((words.length * (i + 1)) / chunks);
          for (; wordsSent < upTo; wordsSent++) {
            const delta = words[wordsSent] ?? '';
            this.sentText += delta;
            this.host.send({ type: 'response.audio_transcript.delta', ...ref, delta });
          }
          if (chunk.length === 0) return;
          this.sentAudio.push(chunk);
          this.host.send({ type: 'response.audio.delta', ...ref, delta: chunk.toString('base64') });
        },
      };
    });
  }

  private finish(status: ResponseStatus, details: unknown): void {
    this.done = true;
    const ref = { response_id: this.id, item_id: this.itemId, output_index: 0, content_index: 0 };
    const part = this.part(this.sentText, false);
    this.stored.item.status = status === 'completed' ? 'completed' : 'incomplete';
    this.stored.item.content = [part];
    if (this.withAudio) {
      this.stored.audio = Buffer.concat(this.sentAudio);
      this.host.send({ type: 'response.audio.done', ...ref });
      this.host.send({ type: 'response.audio_transcript.done', ...ref, transcript: this.sentText });
    } else {
      this.host.send({ type: 'response.text.done', ...ref, text: this.sentText });
    }
    this.host.send({ type: 'response.content_part.done', ...ref, part });
    this.host.send({ type: 'response.output_item.done', response_id: this.id, output_index: 0, item: this.itemView() });
    this.host.send({ type: 'conversation.item.done', item: this.itemView() });
    this.host.send({ type: 'response.done', response: this.response(status, details) });
    this.host.finished(this);
  }

  private part(text: string, opening: boolean): ContentPart {
    if (!this.withAudio) return { type: 'text', text };
    return opening ? { type: 'audio', transcript: '' } : { type: 'audio', transcript: text };
  }

  private itemView(): ConversationItem {
    return structuredClone(this.stored.item);
  }

  private response(status: ResponseStatus, details: unknown): SimResponse {
    const ended = status !== 'in_progress';
    return {
      id: this.id,
      status,
      status_details: details,
      output: ended ? [this.itemView()] : [],
      usage: ended ? usageFor(this.conversation, this.itemId, this.sentText, this.sentAudioBytes()) : null,
      conversation_id: this.settings.conversationId,
      modalities: this.settings.modalities,
      voice: this.settings.voice,
      output_audio_format: this.settings.outputFormat,
      max_output_tokens: this.settings.maxOutputTokens,
    };
  }

  private sentAudioBytes(): number {
    return this.sentAudio.reduce((n, c) => n + c.length, 0);
  }
}
