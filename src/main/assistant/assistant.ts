// The assistant's turns over one session and the audio engine: push-to-talk, hands-free (server VAD)
// with barge-in, and typed text. It owns the conversation model and says what it is doing.
import { EventEmitter } from 'node:events';
import type { AssistantActivity, TalkMode, Turn } from '../../shared/domain';
import { bytesToMs } from '../../shared/audio-format';
import type { ServerEvent } from '../../shared/protocol/events';
import type { ConnectionState } from '../realtime/types';
import { AssistantMicrophone } from './assistant-microphone';
import type { AssistantEvents, AssistantOptions } from './assistant-types';
import { ConversationModel, type ContinuedFrom, type ConversationReset } from './conversation-model';
import { ResponseGate } from './response-gate';
import { SessionHandover } from './session-handover';

const MIN_COMMIT_MS = 100;

export type { AssistantEvents, AssistantOptions, SessionPort } from './assistant-types';

export class Assistant extends EventEmitter<AssistantEvents> {
  readonly conversation: ConversationModel;
  private readonly gate: ResponseGate;
  private readonly handover: SessionHandover;
  private readonly mic: AssistantMicrophone;
  private pttHeld = false;
  private capturedBytes = 0;
  private userSpeaking = false;
  private currentActivity: AssistantActivity = 'idle';
  /** The mode turns are taken in now: follows settings().mode through applySettings(), which switches the mic. */
  private mode: TalkMode;

  constructor(private readonly opts: AssistantOptions) {
    super();
    this.conversation = opts.conversation ?? new ConversationModel();
    this.mode = opts.settings().mode;
    this.gate = new ResponseGate(opts.session, this.onStall, opts.stallMs);
    const parts = { session: opts.session, conversation: this.conversation, gate: this.gate, replayTokens: opts.replayTokens };
    this.handover = new SessionHandover({ ...parts, notice: (message) => this.emit('notice', message), handsFree: () => this.mode === 'vad' });
    this.conversation.on('turn', this.forwardTurn);
    this.conversation.on('reset', this.forwardReset);
    opts.session.on('event', this.onServerEvent);
    opts.session.on('state', this.onState);
    opts.audio.speaker.on('idle', this.onSpeakerIdle);
    opts.audio.speaker.on('error', this.onSpeakerError);
    const handsFree = (): boolean => this.mode === 'vad';
    this.mic = new AssistantMicrophone((o) => opts.audio.openMicrophone(o), () => opts.settings().halfDuplex, handsFree, {
      frame: (frame) => this.onFrame(frame),
      level: (level) => this.emit('level', level),
      error: (error) => this.emit('error', error),
      echoLeak: (notice) => this.emit('notice', notice),
    });
    if (this.mode === 'vad') void this.mic.ensureOrReport();
  }

  get activity(): AssistantActivity {
    return this.currentActivity;
  }

  get talkMode(): TalkMode {
    return this.mode;
  }

  /**
   * Follows a settings change of the talk mode (the session's turn detection is updated by the caller, from
   * the same settings): a press in progress is finished in the old mode, then the mic opens or closes.
   */
  async applySettings(): Promise<void> {
    const mode = this.opts.settings().mode;
    if (mode === this.mode) {
      // Half-duplex changed to or from automatic: the microphone reopens with or without the canceller.
      if (mode === 'vad') await this.mic.reopenIfCancellerChanged();
      return;
    }
    if (this.pttHeld) await this.stopTalking();
    this.mode = mode;
    if (mode === 'vad') await this.mic.ensureOrReport();
    else await this.mic.close();
    this.refreshActivity();
  }

  /** Push-to-talk press: interrupt whatever is playing, start a fresh input buffer, stream the mic. */
  async startTalking(): Promise<void> {
    if (this.pttHeld) return;
    this.pttHeld = true;
    this.capturedBytes = 0;
    this.interrupt();
    if (this.mode === 'ptt') this.handover.pressed();
    this.setActivity('listening');
    try {
      await this.mic.ensure();
    } catch (error) {
      this.pttHeld = false;
      this.refreshActivity();
      this.mic.report(error);
    }
  }

  /** Push-to-talk release: commit and ask for a reply, unless too little was captured to be a turn. */
  async stopTalking(): Promise<void> {
    if (!this.pttHeld) return;
    this.pttHeld = false;
    if (this.mode !== 'ptt') return this.refreshActivity();
    this.emit('moment', 'released');
    // Commit at the release; the microphone closes behind it (its frames stop at once). Closing first cost
    // ≈ 25 ms a turn, for a device-listing race with the close that the addon patch now serialises.
    const closing = this.mic.close();
    const capturedMs = bytesToMs(this.capturedBytes);
    if (capturedMs >= MIN_COMMIT_MS) {
      this.pendingUserAudioMs = capturedMs;
      // Between sessions the commit waits for the next one, which gets the turn again first.
      if (this.handover.commit()) {
        this.emit('moment', 'committed');
        this.gate.request();
      }
      if (this.handover.live) this.setActivity('thinking');
      else this.refreshActivity(); // no session is coming: the relay has said what was lost
    } else {
      this.handover.discard();
      const message = 'Too short — hold the key while you speak, then let go.';
      this.conversation.addFailedUserAudio(message, Math.round(capturedMs));
      this.emit('notice', message);
      this.refreshActivity();
    }
    await closing;
  }

  /** Push-to-talk thrown away (Esc): the microphone closes and what was captured is cleared, nothing is sent. */
  async cancelTalking(): Promise<void> {
    if (!this.pttHeld) return;
    this.pttHeld = false;
    const closing = this.mode === 'ptt' ? this.mic.close() : Promise.resolve();
    if (this.mode === 'ptt') this.handover.discard();
    this.refreshActivity();
    await closing;
  }

  sendText(text: string): void {
    this.interrupt();
    this.conversation.addUserText(text);
    if (this.handover.sendText(text)) {
      this.emit('moment', 'text-sent');
      this.gate.request();
    }
    this.setActivity('thinking');
  }

  /** The Stop button: silence the reply and tell the server what was heard. */
  stopReply(): void {
    this.interrupt();
    this.refreshActivity();
  }

  clearConversation(): void {
    this.interrupt();
    this.conversation.clear();
  }

  /**
   * Continues a stored conversation: what plays stops, and its turns replace the conversation. They reach the
   * server with the next session's replay, so the caller renews the session (SessionClient.renew).
   */
  continueConversation(turns: readonly Turn[], from: ContinuedFrom): void {
    this.interrupt();
    this.conversation.restore(turns, from);
    this.refreshActivity();
  }

  async close(): Promise<void> {
    this.conversation.off('turn', this.forwardTurn);
    this.conversation.off('reset', this.forwardReset);
    this.opts.session.off('event', this.onServerEvent);
    this.opts.session.off('state', this.onState);
    this.opts.audio.speaker.off('idle', this.onSpeakerIdle);
    this.opts.audio.speaker.off('error', this.onSpeakerError);
    this.opts.audio.speaker.stop();
    this.gate.reset();
    await this.mic.close();
  }

  /** Captured length of the turn being committed (push-to-talk) or detected (hands-free). */
  private pendingUserAudioMs = 0;
  private speechStartMs = 0;

  /** Barge-in: stop local playback at once, cancel the response, truncate the item to what was heard. */
  private interrupt(): void {
    // Cancel first: a server truncates only a finished item, and the cancel finishes it.
    this.handover.cancelReply();
    // The speaker cuts the playing item at once (its late deltas are never played) and reports what was
    // heard once the device has really stopped: a few tens of milliseconds after the cancel went out.
    void this.opts.audio.speaker.interrupt().then((cut) => {
      if (!cut) return;
      const audioEndMs = Math.floor(cut.playedMs);
      // An item without an id (a server that streams bare deltas) cannot be truncated on the server, nor one
      // whose session is gone.
      if (cut.itemId && this.handover.open) this.opts.session.truncate(cut.itemId, audioEndMs);
      this.conversation.markTruncated(cut.itemId, audioEndMs, cut.receivedMs);
      this.emit('truncated', { itemId: cut.itemId, audioEndMs });
    });
  }

  private readonly onServerEvent = (event: ServerEvent): void => {
    this.conversation.apply(event);
    this.gate.observe(event);
    this.handover.observe(event);
    switch (event.type) {
      case 'response.created':
        this.opts.audio.speaker.reopenItem(''); // id-less streams: only the interrupted response's deltas are dropped
        this.opts.audio.speaker.prepare();
        return;
      case 'response.done':
        this.refreshActivity();
        return;
      case 'response.audio.delta':
        if (this.opts.audio.speaker.play(event.item_id, Buffer.from(event.delta, 'base64'))) this.setActivity('speaking');
        return;
      case 'response.audio.done':
        this.opts.audio.speaker.endItem(event.item_id);
        return;
      case 'input_audio_buffer.speech_started':
        this.userSpeaking = true;
        this.speechStartMs = event.audio_start_ms;
        this.interrupt();
        this.setActivity('listening');
        return;
      case 'input_audio_buffer.speech_stopped':
        this.userSpeaking = false;
        this.pendingUserAudioMs = Math.max(0, event.audio_end_ms - this.speechStartMs);
        this.setActivity('thinking');
        return;
      case 'input_audio_buffer.committed':
        this.conversation.addUserAudio(event.item_id, Math.round(this.pendingUserAudioMs));
        return;
      default:
        return;
    }
  };

  private readonly forwardTurn = (turn: Turn): boolean => this.emit('turn', turn);
  private readonly forwardReset = (reset: ConversationReset): boolean => this.emit('reset', reset);

  /** The gate gave up on a reply that stopped coming: show it as stopped, and say why. */
  private readonly onStall = (responseId: string | null, notice: string): void => {
    if (responseId) this.conversation.apply({ type: 'response.done', response: { id: responseId, status: 'cancelled' } });
    this.emit('notice', notice);
    this.refreshActivity();
  };

  /** Every server session opens empty (the first, after a drop or the cap, a rollover): the handover fills it. */
  private readonly onState = (state: ConnectionState): void => {
    if (state === 'open') {
      void this.opts.audio.speaker.stop(); // nothing playing belongs to the new session
      this.handover.sessionOpened();
    } else if (state === 'closed') this.handover.sessionClosed();
    else return;
    this.refreshActivity();
  };

  private readonly onSpeakerIdle = (): void => this.refreshActivity();

  /** No speaker (or it failed): the reply still arrives as text, and the user learns why it is silent. */
  private readonly onSpeakerError = (error: Error): void => {
    this.emit('error', { kind: 'audio', message: `Cannot play the reply: ${error.message}`, action: 'Check that a speaker is connected, or pick another one in Settings.' });
    this.refreshActivity();
  };

  private readonly onFrame = (frame: Buffer): void => {
    if (this.mode === 'ptt') {
      if (!this.pttHeld) return;
      this.capturedBytes += frame.length;
    } else if (this.opts.audio.speaker.playing && this.mic.mutedWhileSpeaking()) {
      return; // the speaker would be heard as the user's voice
    }
    this.handover.frame(frame); // sent now, or kept for the next session while there is none
  };

  private refreshActivity(): void {
    if (this.pttHeld || this.userSpeaking) this.setActivity('listening');
    else if (this.opts.audio.speaker.playing) this.setActivity('speaking');
    else if (this.gate.busy) this.setActivity('thinking');
    else this.setActivity('idle');
  }

  private setActivity(activity: AssistantActivity): void {
    if (activity === this.currentActivity) return;
    this.currentActivity = activity;
    this.emit('activity', activity);
  }
}
