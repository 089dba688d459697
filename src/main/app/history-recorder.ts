// Records the conversation as it happens, in the history database: each turn once it completes, in the
// current conversation (started by its first recorded turn, ended by a reset, so an empty conversation is
// never listed). A turn that changes after it was recorded — a reply cut by a barge-in while its audio still
// played, a transcript that arrives after the turn ended — is revised in place, never added twice.
import type { EventName } from '../../shared/ipc/contract';
import type { Turn } from '../../shared/domain';
import { errorText } from '../../shared/error-text';
import { fromTurn } from '../history/from-turn';
import { ConversationNotFoundError, type HistoryStore } from '../history/history-store';
import type { NewTurn, StoredTurn } from '../history/types';
import type { TurnFigures } from '../../shared/turn-figures';

/** Turns of the current conversation remembered for revision; older ones are final by then. */
const REMEMBERED_TURNS = 500;

export class HistoryRecorder {
  private conversationId: number | null = null;
  /** App turn id → the stored turn's id and what was stored, to tell a real change from a repeat. */
  private readonly recorded = new Map<string, { storedId: number; shape: string; stored: NewTurn }>();
  /** App turn id → its response's usage and latency, stored with the turn whichever comes first. */
  private readonly figures = new Map<string, Pick<NewTurn, 'usage' | 'latency'>>();
  private failing = false;

  constructor(
    private readonly store: HistoryStore,
    /** Told once when writing starts failing (a full disk, a file taken away), and not again until it works. */
    private readonly onFailure: (message: string) => void,
    private readonly now: () => number = Date.now,
    /** Told after each write (a turn added or revised), so an open history list can reload. */
    private readonly onChange: () => void = () => {},
  ) {}

  event(name: EventName, payload: unknown): void {
    if (name === 'conversationReset') {
      // A continued conversation goes on in its stored record.
      this.conversationId = (payload as { continues?: number }).continues ?? null;
      this.recorded.clear();
      this.figures.clear();
    } else if (name === 'turn') {
      this.record(payload as Turn);
    } else if (name === 'turnFigures') {
      this.addFigures(payload as TurnFigures);
    }
  }

  private record(turn: Turn): void {
    if (turn.restored) return; // stored already: it came from the history
    const stored = fromTurn(turn, { completedAt: this.now() });
    if (!stored) return;
    Object.assign(stored, this.figures.get(turn.id));
    const shape = `${stored.status}|${stored.truncatedAtMs ?? ''}|${stored.text}`;
    const known = this.recorded.get(turn.id);
    if (known?.shape === shape) return;
    try {
      if (known) {
        this.store.reviseTurn(known.storedId, stored);
        known.shape = shape;
        known.stored = stored;
      } else {
        const row = this.append(stored);
        this.recorded.set(turn.id, { storedId: row.id, shape, stored });
        if (this.recorded.size > REMEMBERED_TURNS) this.recorded.delete(this.recorded.keys().next().value!);
      }
      this.failing = false;
    } catch (error) {
      return this.failed(error);
    }
    // Outside the try: a listener's own failure is not a failed write.
    this.onChange();
  }

  /** A response's figures (app/turn-figures.ts) arrive after its turn completed: the stored turn gets them. */
  private addFigures(f: TurnFigures): void {
    if (!f.turnId) return;
    const figures = storedFigures(f);
    this.figures.set(f.turnId, figures);
    if (this.figures.size > REMEMBERED_TURNS) this.figures.delete(this.figures.keys().next().value!);
    const known = this.recorded.get(f.turnId);
    if (!known) return; // recorded with them once it completes
    try {
      known.stored = { ...known.stored, ...figures };
      this.store.reviseTurn(known.storedId, known.stored);
      this.failing = false;
    } catch (error) {
      return this.failed(error);
    }
    this.onChange();
  }

  private failed(error: unknown): void {
    if (this.failing) return;
    this.failing = true;
    this.onFailure(`History could not be saved (${errorText(error)}). The conversation goes on; the turns since are not kept.`);
  }

  private append(stored: NewTurn): StoredTurn {
    this.conversationId ??= this.store.startConversation(null, this.now());
    try {
      return this.store.appendTurn(this.conversationId, stored);
    } catch (error) {
      if (!(error instanceof ConversationNotFoundError)) throw error;
      // Deleted (or purged) in the history window while it went on: the rest starts a conversation of its own.
      this.recorded.clear();
      this.conversationId = this.store.startConversation(null, this.now());
      return this.store.appendTurn(this.conversationId, stored);
    }
  }
}

/** The stored form: the cost kept with the counts (priced when it happened), latency without unknown stages. */
function storedFigures(f: TurnFigures): Pick<NewTurn, 'usage' | 'latency'> {
  const usage = f.usage ? { ...f.usage, ...(f.costUsd !== null ? { costUsd: f.costUsd } : {}) } : null;
  const latency = Object.fromEntries(Object.entries(f.latency).filter(([, ms]) => ms !== null)) as Record<string, number>;
  return { usage, latency: Object.keys(latency).length > 0 ? latency : null };
}
