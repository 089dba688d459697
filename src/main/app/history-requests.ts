// The contract's history requests over the history store. Each change tells every page (historyChanged),
// so a list open in another window follows. Without a store (the file could not be opened) each request
// fails with one plain sentence, which the window shows in place of the list.
import type { CoreContext, CoreHandlers } from './context';
import { exportJson, exportMarkdown } from '../history/export';
import { ConversationNotFoundError, type HistoryStore } from '../history/history-store';
import type { Conversation, ConversationSummary } from '../history/types';
import { lastDays, usageByDay } from '../history/usage-by-day';
import { USAGE_DAYS_DEFAULT, type HistoryRequestName } from '../../shared/history';

export const HISTORY_OFF = 'History is off for this run.';

/** One handler for each of the contract's history requests. */
type HistoryHandlers = Pick<CoreHandlers, HistoryRequestName>;

const summary = ({ turns: _turns, ...rest }: Conversation): ConversationSummary => rest;

/** `now` is the clock the usage's "last N days" are counted back from. */
export function historyHandlers(ctx: Pick<CoreContext, 'history' | 'emit'>, now: () => number = Date.now): HistoryHandlers {
  const store = (): HistoryStore => {
    if (!ctx.history) throw new Error(HISTORY_OFF);
    return ctx.history;
  };
  const conversation = (id: number): Conversation => {
    const found = store().getConversation(id);
    if (!found) throw new ConversationNotFoundError(id);
    return found;
  };
  const changed = (): void => ctx.emit('historyChanged', {});
  const ok = { ok: true } as const;

  return {
    listConversations: ({ limit = 50, offset = 0 } = {}) => {
      // One more than asked tells whether a further page exists without a count query.
      const page = store().listConversations({ limit: limit + 1, offset });
      return { conversations: page.slice(0, limit), hasMore: page.length > limit };
    },
    searchHistory: ({ text, limit }) => ({ hits: store().search(text, { limit }) }),
    getHistoryConversation: ({ id }) => conversation(id),
    renameConversation: ({ id, title }) => {
      store().rename(id, title);
      changed();
      return summary(conversation(id));
    },
    deleteConversation: ({ id }) => {
      store().delete(id);
      changed();
      return ok;
    },
    restoreConversation: ({ id }) => {
      store().restore(id);
      changed();
      return ok;
    },
    exportHistory: ({ id, format }) => {
      const conversations = id === undefined ? store().allConversations() : [conversation(id)];
      return { text: format === 'json' ? exportJson(conversations) : exportMarkdown(conversations) };
    },
    usageByDay: ({ days = USAGE_DAYS_DEFAULT } = {}) => ({ days: usageByDay(store(), lastDays(days, now())) }),
  };
}
