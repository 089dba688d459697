// The protocol logic of one session, independent of sockets: client events in, server events out.
import type { ClientEvent, ConversationItem } from '../shared/protocol/events';
import { BYTES_PER_MS, bytesToMs, msToBytes } from '../shared/audio-format';
import { decodeBase64, secondsLabel } from './audio';
import type { SimClientEvent } from './client-events';
import type { FaultState } from './faults';
import { newId } from './ids';
import { ResponseRun } from './responses';
import { SessionState } from './session-state';
import { EnergyVad } from './vad';
import { VoiceTurns, type TurnEvent } from './voice-turns';
import type { SimEvent } from './wire-events';
import { parseSessionPatch } from './wire-session';

const MIN_COMMIT_MS = 100;

export interface Outbox {
  send(event: SimEvent): void;
  error(code: string, message: string, param?: string): void;
  /** Flushes what was sent, then destroys the socket without a close frame. */
  drop(): Promise<void>;
}

type Of<T extends SimClientEvent['type']> = Extract<SimClientEvent, { type: T }>;

export class SessionController {
  readonly state: SessionState;
  private active: ResponseRun | null = null;
  private readonly turns: VoiceTurns;

  constructor(
    private readonly out: Outbox,
    private readonly faults: FaultState,
    model: string,
  ) {
    this.state = new SessionState(model);
    this.turns = new VoiceTurns(new EnergyVad({ threshold: 0.5, prefix_padding_ms: 300, silence_duration_ms: 500 }));
    this.turns.configure(this.state.config.turn_detection ?? null, this.state.input);
  }

  open(): void {
    this.out.send({ type: 'session.created', session: this.state.config });
    this.out.send({ type: 'conversation.created', conversation: { id: this.state.conversationId } });
  }

  /** Stops any response without further events (socket gone or session over). */
  dispose(): void {
    this.active?.abandon();
  }

  handle(event: SimClientEvent): void {
    switch (event.type) {
      case 'session.update': return this.updateSession(event);
      case 'input_audio_buffer.append': return this.append(event);
      case 'input_audio_buffer.commit': return this.commit();
      case 'input_audio_buffer.clear': return this.clear();
      case 'conversation.item.create': return this.createItem(event);
      case 'conversation.item.truncate': return this.truncate(event);
      case 'conversation.item.delete': return this.deleteItem(event);
      case 'conversation.item.retrieve': return this.retrieve(event);
      case 'response.create': return this.createResponse(event);
      case 'response.cancel': return this.cancelResponse(event);
    }
  }

  private updateSession(event: Of<'session.update'>): void {
    const parsed = parseSessionPatch(event.session);
    if (!parsed.ok) return this.out.error('invalid_value', parsed.message, parsed.param);
    const applied = this.state.update(parsed.patch);
    if (!applied.ok) return this.out.error('invalid_value', applied.message, 'session.voice');
    if ('turn_detection' in parsed.patch) this.turns.configure(this.state.config.turn_detection ?? null, this.state.input);
    this.out.send({ type: 'session.updated', session: this.state.config });
  }

  private append(event: Of<'input_audio_buffer.append'>): void {
    const pcm = decodeBase64(event.audio);
    if (!pcm || pcm.length % 2 !== 0) {
      return this.out.error('invalid_value', "Invalid 'audio': expected base64-encoded pcm16 audio (whole 16-bit samples).", 'audio');
    }
    this.state.input.append(pcm);
    for (const vad of this.turns.feed(pcm, this.state.input)) this.onVad(vad);
  }

  private onVad(vad: TurnEvent): void {
    const td = this.state.config.turn_detection;
    if (vad.kind === 'start') {
      this.out.send({ type: 'input_audio_buffer.speech_started', audio_start_ms: vad.audioStartMs, item_id: vad.itemId });
      if (td?.interrupt_response !== false) this.active?.cancel('turn_detected', this.faults.lateDeltasMs);
      return;
    }
    this.out.send({ type: 'input_audio_buffer.speech_stopped', audio_end_ms: vad.audioEndMs, item_id: vad.itemId });
    const pcm = this.state.input.takeRange(vad.audioStartMs, vad.audioEndMs);
    this.commitAudio(pcm, vad.itemId);
    if (td?.create_response !== false && !this.active) this.startResponse(undefined);
  }

  private commit(): void {
    const buffered = this.state.input.bytes;
    if (buffered < msToBytes(MIN_COMMIT_MS)) {
      const ms = bytesToMs(buffered).toFixed(2);
      return this.out.error(
        'input_audio_buffer_commit_empty',
        `Error committing input audio buffer: buffer too small. Expected at least ${MIN_COMMIT_MS}ms of audio, but buffer only has ${ms}ms of audio.`,
      );
    }
    this.commitAudio(this.state.input.takeAll(), newId('item'));
    this.turns.restart(this.state.input);
  }

  private clear(): void {
    this.state.input.clear();
    this.turns.restart(this.state.input);
    this.out.send({ type: 'input_audio_buffer.cleared' });
  }

  private commitAudio(pcm: Buffer, itemId: string): void {
    const item: ConversationItem = {
      id: itemId,
      type: 'message',
      role: 'user',
      status: 'completed',
      content: [{ type: 'input_audio', transcript: null }],
    };
    const { previous_item_id } = this.state.conversation.insert({ item, audio: pcm }) as { previous_item_id: string | null };
    this.out.send({ type: 'input_audio_buffer.committed', item_id: itemId, previous_item_id });
    this.announceItem(item, previous_item_id);
    if (!this.state.config.input_audio_transcription) return;
    const transcript = `${secondsLabel(pcm.length)} seconds of audio`;
    item.content = [{ type: 'input_audio', transcript }];
    this.out.send({ type: 'conversation.item.input_audio_transcription.completed', item_id: itemId, content_index: 0, transcript });
  }

  private announceItem(item: ConversationItem, previous_item_id: string | null): void {
    this.out.send({ type: 'conversation.item.created', item: structuredClone(item), previous_item_id });
    this.out.send({ type: 'conversation.item.done', item: structuredClone(item), previous_item_id });
  }

  private createItem(event: Of<'conversation.item.create'>): void {
    const item: ConversationItem = { ...event.item, id: event.item.id ?? newId('item'), status: 'completed' };
    if (item.id && this.state.conversation.find(item.id)) {
      return this.out.error('invalid_value', `Item with id '${item.id}' already exists.`, 'item.id');
    }
    if (item.type === 'message' && (!item.role || !item.content)) {
      return this.out.error('missing_required_parameter', 'A message item needs a role and content.', 'item.content');
    }
    let audio: Buffer | undefined;
    for (const part of item.content ?? []) {
      if (part.type !== 'input_audio' || part.audio === undefined) continue;
      const pcm = decodeBase64(part.audio);
      if (!pcm) return this.out.error('invalid_value', "Invalid 'audio': expected base64-encoded pcm16 audio.", 'item.content.audio');
      audio = audio ? Buffer.concat([audio, pcm]) : pcm;
      delete part.audio;
    }
    const inserted = this.state.conversation.insert({ item, audio }, event.previous_item_id);
    if ('error' in inserted) return this.out.error('invalid_value', inserted.error, 'previous_item_id');
    this.announceItem(item, inserted.previous_item_id);
  }

  private truncate(event: Of<'conversation.item.truncate'>): void {
    const stored = this.state.conversation.find(event.item_id);
    if (!stored) return this.out.error('item_not_found', `Item with item_id '${event.item_id}' not found.`, 'item_id');
    const part = stored.item.content?.[event.content_index];
    if (stored.item.role !== 'assistant' || part?.type !== 'audio') {
      return this.out.error('invalid_value', 'Only the audio content of an assistant message can be truncated.', 'item_id');
    }
    if (stored.item.status === 'in_progress') {
      return this.out.error('invalid_value', 'The item is still being generated; cancel the response first.', 'item_id');
    }
    const audio = stored.audio ?? Buffer.alloc(0);
    const durationMs = Math.floor(bytesToMs(audio.length));
    if (event.audio_end_ms > durationMs) {
      return this.out.error(
        'invalid_value',
        `audio_end_ms (${event.audio_end_ms} ms) is longer than the item's audio (${durationMs} ms).`,
        'audio_end_ms',
      );
    }
    stored.audio = audio.subarray(0, event.audio_end_ms * BYTES_PER_MS);
    part.transcript = trimTranscript(part.transcript ?? '', durationMs > 0 ? event.audio_end_ms / durationMs : 0);
    this.out.send({ type: 'conversation.item.truncated', item_id: event.item_id, content_index: event.content_index, audio_end_ms: event.audio_end_ms });
  }

  private deleteItem(event: Of<'conversation.item.delete'>): void {
    if (!this.state.conversation.delete(event.item_id)) {
      return this.out.error('item_not_found', `Item with item_id '${event.item_id}' not found.`, 'item_id');
    }
    this.out.send({ type: 'conversation.item.deleted', item_id: event.item_id });
  }

  private retrieve(event: Of<'conversation.item.retrieve'>): void {
    const stored = this.state.conversation.find(event.item_id);
    if (!stored) return this.out.error('item_not_found', `Item with item_id '${event.item_id}' not found.`, 'item_id');
    this.out.send({ type: 'conversation.item.retrieved', item: structuredClone(stored.item) });
  }

  private createResponse(event: Of<'response.create'>): void {
    if (this.active) {
      return this.out.error(
        'conversation_already_has_active_response',
        `Conversation already has an active response in progress: ${this.active.id}. Wait until the response is finished before creating a new one.`,
      );
    }
    this.startResponse(event.response);
  }

  private startResponse(overrides: Extract<ClientEvent, { type: 'response.create' }>['response']): void {
    const c = this.state.config;
    const run = new ResponseRun(
      {
        send: (e) => this.out.send(e),
        drop: () => this.out.drop(),
        finished: (r) => {
          if (this.active === r) this.active = null;
        },
      },
      this.state.conversation,
      {
        modalities: overrides?.modalities ?? c.modalities ?? ['text', 'audio'],
        voice: overrides?.voice ?? c.voice ?? 'alloy',
        outputFormat: c.output_audio_format ?? 'pcm16',
        maxOutputTokens: c.max_response_output_tokens ?? 'inf',
        conversationId: this.state.conversationId,
        pace: this.faults.pace,
        dropMidway: this.faults.takeDrop(),
        replyVoice: this.faults.replyVoice,
      },
    );
    this.active = run;
    run.start();
  }

  private cancelResponse(event: Of<'response.cancel'>): void {
    const run = this.active;
    if (!run || (event.response_id !== undefined && event.response_id !== run.id)) {
      return this.out.error('response_cancel_not_active', 'Cancellation failed: no active response found.');
    }
    run.cancel('client_cancelled', this.faults.lateDeltasMs);
  }
}

/** Keeps the words that fit in `fraction` of the transcript: what the listener actually heard. */
function trimTranscript(transcript: string, fraction: number): string {
  const cut = Math.floor(transcript.length * Math.min(Math.max(fraction, 0), 1));
  if (cut >= transcript.length) return transcript;
  const head = transcript.slice(0, cut);
  const lastSpace = head.lastIndexOf(' ');
  return (transcript[cut] === ' ' ? head : head.slice(0, Math.max(lastSpace, 0))).trimEnd();
}
