// The conversation as an ordered list that turn events upsert by id. Streaming sends the same turn
// many times a second, so an update must not scan thousands of turns: positions are indexed.
import type { Turn } from '../../../shared/domain';

export class TurnList {
  private items: Turn[] = [];
  private readonly positions = new Map<string, number>();

  get turns(): readonly Turn[] {
    return this.items;
  }

  /** Replaces everything (a snapshot after connecting, or a reset). Returns the new list. */
  replace(turns: readonly Turn[]): Turn[] {
    this.items = [];
    this.positions.clear();
    for (const turn of turns) this.put(turn);
    return this.items;
  }

  /** Inserts or updates one turn; returns a new array so a reactive holder sees the change. */
  upsert(turn: Turn): Turn[] {
    // Copy before writing: an array handed out earlier stays as it was.
    this.items = this.items.slice();
    this.put(turn);
    return this.items;
  }

  private put(turn: Turn): void {
    const at = this.positions.get(turn.id);
    if (at === undefined) {
      this.positions.set(turn.id, this.items.length);
      this.items.push(turn);
    } else {
      this.items[at] = turn;
    }
  }
}
