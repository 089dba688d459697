// The assistant's commands that depend on there being a server session, and what a new session is given
// when it opens, whatever brought it (the client's first session, a reconnect after a drop or the session
// cap, a planned rollover): the client has already sent the settings; this sends the conversation so far
// (context-replay.ts), then what waited for a session — the audio relay's turn and captured audio, a typed
// message, the reply owed to a turn the old session never answered. A turn keeps its id and place in the
// conversation model: nothing here adds one, so none is lost or shown twice.
import type { Turn } from '../../shared/domain';
import type { ConversationItem, ServerEvent } from '../../shared/protocol/events';
import type { SessionPort } from './assistant-types';
import { AudioRelay } from './audio-relay';
import { buildReplay } from './context-replay';
import type { ConversationModel } from './conversation-model';
import type { ResponseGate } from './response-gate';

export const UNANSWERED_LOST_NOTICE = 'Your last message was not answered before the connection was renewed, and it could not be sent again. Please say it again.';
const OWED_LOST_NOTICE = 'The connection was lost before your message could be answered. Ask again once it is back.';

export interface HandoverParts {
  session: Pick<SessionPort, 'state' | 'createItem' | 'appendAudio' | 'commitAudio' | 'clearAudio' | 'sendText' | 'cancelResponse'>;
  conversation: ConversationModel;
  gate: Pick<ResponseGate, 'busy' | 'reset' | 'request'>;
  notice: (message: string) => void;
  /** In hands-free the server answers each turn by itself: a turn it never answered is owed a reply. */
  handsFree: () => boolean;
  /** Token budget of the replay (context-replay.ts). */
  replayTokens?: number;
}

/**
 * The newest turn when it is a user's that has had no reply (local failures, which never went out, aside).
 * A turn restored from the history is over: continuing a conversation never answers it again.
 */
export function unansweredTurn(turns: readonly Turn[]): Turn | null {
  for (let i = turns.length - 1; i >= 0; i--) {
    const turn = turns[i]!;
    if (turn.status === 'failed') continue;
    return turn.role === 'user' && turn.status === 'done' && !turn.restored ? turn : null;
  }
  return null;
}

function userAudioItem(pcm16: Buffer): ConversationItem {
  return { type: 'message', role: 'user', content: [{ type: 'input_audio', audio: pcm16.toString('base64') }] };
}

export class SessionHandover {
  private readonly relay: AudioRelay;
  private owed = false;

  constructor(private readonly parts: HandoverParts) {
    this.relay = new AudioRelay(parts.session, parts.notice);
  }

  get open(): boolean {
    return this.parts.session.state === 'open';
  }

  /** A session is open, or one is on its way. */
  get live(): boolean {
    return this.open || this.reopening;
  }

  /** A new session is on its way (connecting or reconnecting): what is asked for now can wait for it. */
  get reopening(): boolean {
    const { state } = this.parts.session;
    return state === 'connecting' || state === 'reconnecting';
  }

  /** A push-to-talk press: a fresh input buffer (a session not open yet starts with an empty one). */
  pressed(): void {
    if (this.open) this.parts.session.clearAudio();
    this.relay.pressed();
  }

  /** A push-to-talk release worth sending: true when the commit went out now, false when the next session gets it. */
  commit(): boolean {
    const open = this.open;
    this.relay.released(open);
    if (open) this.parts.session.commitAudio();
    return open;
  }

  /** A push-to-talk turn too short to send, or thrown away. */
  discard(): void {
    this.relay.discarded();
    if (this.open) this.parts.session.clearAudio();
  }

  /** Captured audio the server should hear (the assistant has already gated it). */
  frame(frame: Buffer): void {
    this.relay.frame(frame);
  }

  /**
   * A typed message: true when it went out now. While a new session is on its way it goes with that
   * session's replay (it is in the conversation already), and the reply is asked for there.
   */
  sendText(text: string): boolean {
    if (this.reopening) {
      this.owed = true;
      return false;
    }
    this.parts.session.sendText(text);
    return true;
  }

  /** Cancels the reply being made, in a session that can still hear it. */
  cancelReply(): void {
    if (this.parts.gate.busy && this.open) this.parts.session.cancelResponse();
  }

  observe(event: ServerEvent): void {
    if (event.type === 'input_audio_buffer.committed') this.relay.acknowledged();
    else if (event.type === 'response.done') this.relay.answered();
  }

  /** A server session opened. The caller has stopped what played from the old one. */
  sessionOpened(): void {
    const { session, conversation, gate } = this.parts;
    const { relay } = this;
    // Read before the reset: a reply in flight, or owed, to the newest turn has to be asked for again.
    const waiting = unansweredTurn(conversation.snapshot());
    let answer = waiting !== null && (gate.busy || this.owed || this.parts.handsFree());
    this.owed = false;
    gate.reset();
    conversation.endSession();
    const items = buildReplay(conversation.snapshot(), this.parts.replayTokens).map((event) => event.item);
    if (answer && waiting && !waiting.text.trim()) {
      // A spoken turn without a transcript: only its audio can say it again.
      const audio = relay.takeUnanswered();
      if (audio) items.push(userAudioItem(audio));
      else {
        answer = false;
        this.parts.notice(UNANSWERED_LOST_NOTICE);
      }
    }
    for (const item of items) session.createItem(item);
    if (answer) gate.request();
    if (relay.sessionOpened()) gate.request();
  }

  /** The session ended for good (no more retries, or closed): what waited for the next one is lost. */
  sessionClosed(): void {
    this.parts.gate.reset(); // nothing runs on the server any more
    this.relay.sessionClosed();
    if (this.owed) this.parts.notice(OWED_LOST_NOTICE);
    this.owed = false;
  }
}
