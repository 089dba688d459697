// Records the conversation as it happens, in the history database: each turn once it completes, in the
// current conversation (started by its first recorded turn, ended by a reset, so an empty conversation is
// never listed). A turn that changes after it was recorded — a reply cut by a barge-in while its audio still
// played, a transcript that arrives after the turn ended — is revised in place, never added twice.
import type { EventName } from '../../shared/ipc/contract';
import type { Turn } from '../../shared/domain';
import { errorText } from '../../shared/error-text';
import { fromTurn } from '../history/from-turn';
import type { HistoryStore } from '../history/history-store';

/** Turns of the current conversation remembered for revision; older ones are final by then. */
const REMEMBERED_TURNS = 500;

export class HistoryRecorder {
  private conversationId: number | null = null;
  /** App turn id → the stored turn's id and what was stored, to tell a real change from a repeat. */
  private readonly recorded = new Map<string, { storedId: number; shape: string }>();
  private failing = false;

  constructor(
    private readonly store: HistoryStore,
    /** Told once when writing starts failing (a full disk, a file taken away), and not again until it works. */
    private readonly onFailure: (message: string) => void,
    private readonly now: () => number = Date.now,
  ) {}

  event(name: EventName, payload: unknown): void {
    if (name === 'conversationReset') {
      this.conversationId = null;
      this.recorded.clear();
    } else if (name === 'turn') {
      this.record(payload as Turn);
    }
  }

  private record(turn: Turn): void {
    const stored = fromTurn(turn, { completedAt: this.now() });
    if (!stored) return;
    const shape = `${stored.status}|${stored.truncatedAtMs ?? ''}|${stored.text}`;
    const known = this.recorded.get(turn.id);
    if (known?.shape === shape) return;
    try {
      if (known) {
        this.store.reviseTurn(known.storedId, stored);
        known.shape = shape;
      } else {
        this.conversationId ??= this.store.startConversation(null, this.now());
        const row = this.store.appendTurn(this.conversationId, stored);
        this.recorded.set(turn.id, { storedId: row.id, shape });
        if (this.recorded.size > REMEMBERED_TURNS) this.recorded.delete(this.recorded.keys().next().value!);
      }
      this.failing = false;
    } catch (error) {
      if (this.failing) return;
      this.failing = true;
      this.onFailure(`History could not be saved (${errorText(error)}). The conversation goes on; the turns since are not kept.`);
    }
  }
}
