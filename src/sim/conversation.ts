// The server-side conversation: ordered items plus the audio each holds (never sent back in item
// events, as on the service, but needed to echo and to truncate).
import type { ConversationItem } from '../shared/protocol/events';

export interface StoredItem {
  item: ConversationItem;
  /** pcm16 audio of the item: a user's committed input or the assistant's generated output. */
  audio?: Buffer;
}

export class Conversation {
  private readonly items: StoredItem[] = [];

  get lastId(): string | null {
    return this.items.at(-1)?.item.id ?? null;
  }

  find(id: string): StoredItem | undefined {
    return this.items.find((s) => s.item.id === id);
  }

  /**
   * Inserts after `previousId` (null: at the start, undefined: at the end). Returns the id of the item
   * now before it, or an error message.
   */
  insert(stored: StoredItem, previousId?: string | null): { previous_item_id: string | null } | { error: string } {
    if (previousId === undefined) {
      const previous = this.lastId;
      this.items.push(stored);
      return { previous_item_id: previous };
    }
    if (previousId === null || previousId === 'root') {
      this.items.unshift(stored);
      return { previous_item_id: null };
    }
    const at = this.items.findIndex((s) => s.item.id === previousId);
    if (at < 0) return { error: `Previous item with id '${previousId}' not found.` };
    this.items.splice(at + 1, 0, stored);
    return { previous_item_id: previousId };
  }

  delete(id: string): boolean {
    const at = this.items.findIndex((s) => s.item.id === id);
    if (at < 0) return false;
    this.items.splice(at, 1);
    return true;
  }

  lastUserMessage(): StoredItem | undefined {
    for (let i = this.items.length - 1; i >= 0; i--) {
      const s = this.items[i];
      if (s && s.item.type === 'message' && s.item.role === 'user') return s;
    }
    return undefined;
  }

  all(): readonly StoredItem[] {
    return this.items;
  }
}
