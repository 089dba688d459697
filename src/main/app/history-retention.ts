// The history retention setting applied to the store: at start (which also purges for good what was
// deleted more than a minute ago, past any Undo) and whenever the setting changes.
import type { HistoryRetention } from '../../shared/settings';
import { errorText } from '../../shared/error-text';
import type { HistoryStore } from '../history/history-store';
import type { RetentionDays } from '../history/types';

/** A deleted conversation can be restored from the window for 5 seconds; a minute leaves a wide margin. */
export const PURGE_DELETED_AFTER_MS = 60_000;

export function retentionDays(setting: HistoryRetention): RetentionDays {
  return setting === 'forever' ? null : setting === '90' ? 90 : 30;
}

export interface RetentionOutcome {
  /** Conversations removed for good. */
  removed: number;
  /** What went wrong, in plain words; null when it worked. */
  problem: string | null;
}

export function applyHistoryRetention(store: HistoryStore, setting: HistoryRetention, { atStart = false, now = Date.now() } = {}): RetentionOutcome {
  try {
    const purged = atStart ? store.purgeDeleted(PURGE_DELETED_AFTER_MS, now) : 0;
    return { removed: purged + store.applyRetention(retentionDays(setting), now), problem: null };
  } catch (error) {
    return { removed: 0, problem: `Old conversations could not be removed from the history (${errorText(error)}). They are kept for now.` };
  }
}
