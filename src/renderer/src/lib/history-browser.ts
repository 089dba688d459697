// What the History dialog shows and does, kept out of its components: the list (newest first, a page at a
// time), search (the newest query wins however the replies arrive), one conversation opened read-only,
// continue it in the window, rename, delete with a few seconds to undo, and export. Plain TypeScript: the dialog mirrors `view`.
import type { AssistantApi } from '../../../shared/ipc/api';
import type { ConversationSummary, ExportFormat, HistoryTurn, SearchHit, StoredConversation } from '../../../shared/history';
import { HISTORY_PAGE_MAX } from '../../../shared/history';
import { errorText } from '../../../shared/error-text';

export type HistoryApi = Pick<
  AssistantApi,
  | 'listConversations'
  | 'searchHistory'
  | 'getHistoryConversation'
  | 'renameConversation'
  | 'deleteConversation'
  | 'restoreConversation'
  | 'exportHistory'
  | 'continueConversation'
  | 'on'
>;

/** How long a deleted conversation can be brought back from the window. */
export const UNDO_MS = 5000;
const PAGE = 50;
const SEARCH_LIMIT = 50;

export interface HistoryView {
  conversations: readonly ConversationSummary[];
  hasMore: boolean;
  /** The first page has arrived (or failed): before that the list says nothing rather than "empty". */
  loaded: boolean;
  /** What was searched for; '' when the list is shown. */
  query: string;
  /** null while not searching. */
  hits: readonly SearchHit[] | null;
  open: StoredConversation | null;
  /** The turn a search hit pointed at, to bring into view. */
  focusSeq: number | null;
  /** The conversation just deleted, while it can still be restored. */
  undo: { id: number; title: string } | null;
  error: string | null;
}

export const EMPTY_VIEW: HistoryView = { conversations: [], hasMore: false, loaded: false, query: '', hits: null, open: null, focusSeq: null, undo: null, error: null };

export interface ExportFile {
  fileName: string;
  mimeType: string;
  text: string;
}

export class HistoryBrowser {
  private state: HistoryView = EMPTY_VIEW;
  private searchSeq = 0;
  private listSeq = 0;
  private undoTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly api: HistoryApi,
    private readonly onchange: (view: HistoryView) => void,
    private readonly undoMs = UNDO_MS,
  ) {}

  get view(): HistoryView {
    return this.state;
  }

  /** Loads the list and follows changes (a turn recorded, another window's rename); returns the stop function. */
  start(): () => void {
    const off = this.api.on('historyChanged', () => void this.refresh());
    void this.loadList();
    return () => {
      off();
      clearTimeout(this.undoTimer);
    };
  }

  async refresh(): Promise<void> {
    const open = this.state.open;
    await Promise.all([this.loadList(), this.state.query ? this.search(this.state.query) : null, open ? this.reopen(open.id) : null]);
  }

  async loadMore(): Promise<void> {
    const seq = ++this.listSeq;
    const offset = this.state.conversations.length;
    const page = await this.attempt(() => this.api.listConversations({ limit: PAGE, offset }));
    if (page && seq === this.listSeq) this.set({ conversations: [...this.state.conversations, ...page.conversations], hasMore: page.hasMore });
  }

  /** An empty text goes back to the list. */
  async search(text: string): Promise<void> {
    const seq = ++this.searchSeq;
    const query = text.trim();
    if (!query) return this.set({ query: '', hits: null });
    this.set({ query });
    const result = await this.attempt(() => this.api.searchHistory({ text: query, limit: SEARCH_LIMIT }));
    if (result && seq === this.searchSeq) this.set({ hits: result.hits });
  }

  async openConversation(id: number, focusSeq: number | null = null): Promise<boolean> {
    const conversation = await this.attempt(() => this.api.getHistoryConversation({ id }));
    if (conversation) this.set({ open: conversation, focusSeq });
    return conversation !== null;
  }

  back(): void {
    this.set({ open: null, focusSeq: null });
  }

  /** Renames the open conversation; says whether it worked (the error is in the view otherwise). */
  async rename(title: string): Promise<boolean> {
    const open = this.state.open;
    if (!open || !title.trim()) return false;
    const renamed = await this.attempt(() => this.api.renameConversation({ id: open.id, title }));
    if (!renamed) return false;
    this.set({
      open: this.state.open?.id === renamed.id ? { ...this.state.open, title: renamed.title } : this.state.open,
      conversations: this.state.conversations.map((c) => (c.id === renamed.id ? renamed : c)),
    });
    return true;
  }

  /** Makes the open conversation the current one again (the core replays it); says whether it worked. */
  async continueOpen(): Promise<boolean> {
    const open = this.state.open;
    if (!open) return false;
    return (await this.attempt(() => this.api.continueConversation({ id: open.id }))) !== null;
  }

  /** Deletes the open conversation and offers Undo for a few seconds; after that the delete stands. */
  async remove(): Promise<boolean> {
    const open = this.state.open;
    if (!open) return false;
    if ((await this.attempt(() => this.api.deleteConversation({ id: open.id }))) === null) return false;
    clearTimeout(this.undoTimer);
    this.undoTimer = setTimeout(() => this.set({ undo: null }), this.undoMs);
    this.set({
      open: null,
      focusSeq: null,
      undo: { id: open.id, title: conversationTitle(open) },
      conversations: this.state.conversations.filter((c) => c.id !== open.id),
      hits: this.state.hits?.filter((h) => h.conversationId !== open.id) ?? null,
    });
    return true;
  }

  async undoDelete(): Promise<void> {
    const pending = this.state.undo;
    if (!pending) return;
    clearTimeout(this.undoTimer);
    this.set({ undo: null });
    if ((await this.attempt(() => this.api.restoreConversation({ id: pending.id }))) !== null) await this.refresh();
  }

  dismissError(): void {
    this.set({ error: null });
  }

  /** One conversation (`id`) or all of them (null), ready to save; null when it failed (see `error`). */
  async exportFile(id: number | null, format: ExportFormat, now: number = Date.now()): Promise<ExportFile | null> {
    const result = await this.attempt(() => this.api.exportHistory(id === null ? { format } : { id, format }));
    if (!result) return null;
    return { fileName: exportFileName(id, format, now), mimeType: format === 'json' ? 'application/json' : 'text/markdown', text: result.text };
  }

  private async loadList(): Promise<void> {
    const seq = ++this.listSeq;
    // As many as are shown, so that a refresh after "Show more" keeps the place.
    const limit = Math.min(HISTORY_PAGE_MAX, Math.max(PAGE, this.state.conversations.length));
    const page = await this.attempt(() => this.api.listConversations({ limit }));
    if (seq !== this.listSeq) return;
    this.set(page ? { conversations: page.conversations, hasMore: page.hasMore, loaded: true } : { loaded: true });
  }

  private async reopen(id: number): Promise<void> {
    try {
      const conversation = await this.api.getHistoryConversation({ id });
      if (this.state.open?.id === id) this.set({ open: conversation });
    } catch {
      // Deleted or purged meanwhile (another window): the list is what is left to show.
      if (this.state.open?.id === id) this.set({ open: null, focusSeq: null });
    }
  }

  private async attempt<T>(run: () => Promise<T>): Promise<T | null> {
    try {
      const value = await run();
      if (this.state.error) this.set({ error: null });
      return value;
    } catch (error) {
      this.set({ error: errorText(error) });
      return null;
    }
  }

  private set(patch: Partial<HistoryView>): void {
    this.state = { ...this.state, ...patch };
    this.onchange(this.state);
  }
}

export function conversationTitle(c: Pick<ConversationSummary, 'id' | 'title'>): string {
  return c.title ?? `Conversation ${c.id}`;
}

export function turnCountLabel(count: number): string {
  return `${count} turn${count === 1 ? '' : 's'}`;
}

const sameDay = (a: Date, b: Date): boolean => a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();

/** "Today, 14:05", "Yesterday, 09:12", or the date and time in the reader's own format. */
export function whenLabel(ms: number, now: number = Date.now(), locale?: string): string {
  const date = new Date(ms);
  const time = date.toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' });
  const today = new Date(now);
  if (sameDay(date, today)) return `Today, ${time}`;
  const yesterday = new Date(today.getFullYear(), today.getMonth(), today.getDate() - 1);
  if (sameDay(date, yesterday)) return `Yesterday, ${time}`;
  return date.toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' });
}

/** Who said it and how, for a turn's heading: "You · spoken", "Assistant · cut off at 2.4 s". */
export function turnHeading(turn: Pick<HistoryTurn, 'role' | 'kind' | 'status' | 'truncatedAtMs'>): string {
  const parts = [turn.role === 'user' ? 'You' : 'Assistant'];
  if (turn.kind === 'voice') parts.push('spoken');
  if (turn.status === 'cancelled') parts.push('cancelled');
  if (turn.status === 'truncated') parts.push(turn.truncatedAtMs === null ? 'cut off' : `cut off at ${(turn.truncatedAtMs / 1000).toFixed(1)} s`);
  return parts.join(' · ');
}

/** voice-assistant-conversation-12-2025-03-04.md, voice-assistant-history-2025-03-04.json (local date). */
export function exportFileName(id: number | null, format: ExportFormat, now: number = Date.now()): string {
  const d = new Date(now);
  const date = `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  return `voice-assistant-${id === null ? 'history' : `conversation-${id}`}-${date}.${format}`;
}
