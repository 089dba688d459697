// The conversation as the user sees it: turns built from server events and local actions.
// Emits every changed turn whole (the renderer upserts by id), so a late subscriber needs only a snapshot.
import { EventEmitter } from 'node:events';
import type { Turn, TurnStatus } from '../../shared/domain';
import type { ResponseInfo, ServerEvent } from '../../shared/protocol/events';

/**
 * Why the conversation was reset: `continues` names the history conversation it now continues, and
 * `costUsd` what that one had cost so far (the running cost goes on from there).
 */
export interface ConversationReset {
  continues?: number;
  costUsd?: number;
}

/** The reset of a conversation continued from the history. */
export type ContinuedFrom = ConversationReset & { continues: number };

export class ConversationModel extends EventEmitter<{ turn: [Turn]; reset: [ConversationReset] }> {
  private readonly turns = new Map<string, Turn>();
  private readonly responseItems = new Map<string, Set<string>>();
  private localIds = 0;

  constructor(private readonly now: () => number = Date.now) {
    super();
  }

  snapshot(): Turn[] {
    return [...this.turns.values()];
  }

  get(id: string): Turn | undefined {
    return this.turns.get(id);
  }

  clear(): void {
    this.turns.clear();
    this.responseItems.clear();
    this.emit('reset', {});
  }

  /**
   * Starts over from a stored conversation (`from.continues`): its turns, marked restored, become the
   * conversation so far, which the next server session gets as context.
   */
  restore(turns: readonly Turn[], from: ContinuedFrom): void {
    this.turns.clear();
    this.responseItems.clear();
    this.emit('reset', from);
    for (const turn of turns) this.put({ ...turn, restored: true });
  }

  /**
   * The server session went away (a drop, the session cap): replies it was still making will never finish, so
   * they end as cancelled, keeping what had arrived. Returns the recent turns worth replaying to the next
   * session as context.
   */
  endSession(replayTurns = Number.POSITIVE_INFINITY): Turn[] {
    for (const turn of this.turns.values()) {
      if (turn.status === 'in_progress') this.put({ ...turn, status: 'cancelled', error: 'The connection was lost before the reply finished.' });
    }
    return this.snapshot().filter((t) => t.text && t.status !== 'failed').slice(-replayTurns);
  }

  /** A typed message: shown at once, before the server has seen it. */
  addUserText(text: string): Turn {
    return this.put({ id: `local-${++this.localIds}`, role: 'user', kind: 'text', text, status: 'done', createdAt: this.now() });
  }

  /** A spoken turn that failed locally (too short, no audio), so the user sees why nothing happened. */
  addFailedUserAudio(message: string, audioMs: number): Turn {
    return this.put({ id: `local-${++this.localIds}`, role: 'user', kind: 'audio', text: '', status: 'failed', error: message, audioMs, createdAt: this.now() });
  }

  /** Committed user audio: `audioMs` is what the client captured for it. */
  addUserAudio(itemId: string, audioMs: number): void {
    const existing = this.turns.get(itemId);
    this.put({ ...(existing ?? { id: itemId, role: 'user', kind: 'audio', text: '', createdAt: this.now() }), status: 'done', audioMs });
  }

  /**
   * The user interrupted an assistant item after hearing `playedMs` of the `receivedMs` of audio that came
   * for it (the speaker's cut): trim its transcript to match.
   */
  markTruncated(itemId: string, playedMs: number, receivedMs: number): void {
    const turn = this.turns.get(itemId);
    if (!turn) return;
    // The transcript streams ahead of the audio; keep the share of it that matches the share heard.
    const share = receivedMs > 0 ? Math.min(1, playedMs / receivedMs) : 0;
    const text = trimToWord(turn.text, Math.round(turn.text.length * share));
    this.put({ ...turn, text, status: 'truncated', audioMs: Math.round(playedMs) });
  }

  apply(event: ServerEvent): void {
    switch (event.type) {
      case 'response.output_item.added': {
        const { item } = event;
        if (item.type !== 'message' || !item.id) return;
        this.track(event.response_id, item.id);
        this.put({ id: item.id, role: 'assistant', kind: 'text', text: '', status: 'in_progress', createdAt: this.now() });
        return;
      }
      case 'response.content_part.added':
        if (event.part.type === 'audio') this.patch(event.item_id, { kind: 'audio' });
        return;
      case 'response.text.delta':
      case 'response.audio_transcript.delta':
        // A minimal server may stream without announcing the item first: start the turn on its first delta.
        if (!this.turns.has(event.item_id)) {
          this.track(event.response_id, event.item_id);
          this.put({ id: event.item_id, role: 'assistant', kind: event.type === 'response.text.delta' ? 'text' : 'audio', text: '', status: 'in_progress', createdAt: this.now() });
        }
        this.append(event.item_id, event.delta);
        return;
      case 'conversation.item.input_audio_transcription.delta':
        this.append(event.item_id, event.delta);
        return;
      case 'conversation.item.input_audio_transcription.completed': {
        const turn = this.turns.get(event.item_id);
        if (turn) this.put({ ...turn, text: event.transcript.trim() });
        return;
      }
      case 'conversation.item.input_audio_transcription.failed':
        this.patch(event.item_id, { error: 'The transcription of this message failed.' });
        return;
      case 'response.done':
        this.finishResponse(event.response);
        return;
      default:
        return;
    }
  }

  private finishResponse(response: ResponseInfo): void {
    const status: TurnStatus = response.status === 'completed' || response.status === 'incomplete' ? 'done' : response.status === 'failed' ? 'failed' : 'cancelled';
    const ids = new Set(this.responseItems.get(response.id) ?? []);
    for (const item of response.output ?? []) if (item.id) ids.add(item.id);
    for (const id of ids) {
      const turn = this.turns.get(id);
      if (!turn || turn.status === 'truncated') continue;
      this.put({ ...turn, status, ...(status === 'failed' ? { error: 'The assistant could not finish this answer.' } : {}) });
    }
    this.responseItems.delete(response.id);
  }

  private track(responseId: string, itemId: string): void {
    const set = this.responseItems.get(responseId) ?? new Set<string>();
    set.add(itemId);
    this.responseItems.set(responseId, set);
  }

  private append(id: string, delta: string): void {
    const turn = this.turns.get(id);
    // Late deltas of an interrupted item must not grow the trimmed transcript.
    if (!turn || turn.status === 'truncated' || turn.status === 'cancelled') return;
    this.put({ ...turn, text: turn.text + delta });
  }

  private patch(id: string, fields: Partial<Turn>): void {
    const turn = this.turns.get(id);
    if (turn) this.put({ ...turn, ...fields });
  }

  private put(turn: Turn): Turn {
    this.turns.set(turn.id, turn);
    this.emit('turn', turn);
    return turn;
  }
}

function trimToWord(text: string, length: number): string {
  if (length >= text.length) return text;
  const cut = text.slice(0, length);
  const space = cut.lastIndexOf(' ');
  return (space > length * 0.6 ? cut.slice(0, space) : cut).trimEnd();
}
