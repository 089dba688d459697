// What the History dialog's "Usage by day" shows: the last days' usage from the core, newest first, with
// their totals, reloaded whenever the history changes (a reply recorded, a purge). Plain TypeScript: the
// component mirrors `view`.
import { totalUsage, type DayUsage, type UsageTotals } from '../../../shared/history';
import type { AssistantApi } from '../../../shared/ipc/api';
import { errorText } from '../../../shared/error-text';

export type UsageApi = Pick<AssistantApi, 'usageByDay' | 'on'>;

/** The window shows a month: enough to see a trend, short enough to read without scrolling far. */
export const USAGE_VIEW_DAYS = 30;

export interface UsageView {
  /** Newest first; null until the first reply has arrived (or failed), so nothing says "empty" too soon. */
  days: readonly DayUsage[] | null;
  total: UsageTotals;
  error: string | null;
}

export const EMPTY_USAGE: UsageView = { days: null, total: totalUsage([]), error: null };

export class UsageLoader {
  private state: UsageView = EMPTY_USAGE;
  private seq = 0;

  constructor(
    private readonly api: UsageApi,
    private readonly onchange: (view: UsageView) => void,
  ) {}

  get view(): UsageView {
    return this.state;
  }

  /** Loads and follows the history's changes; returns the stop function. */
  start(): () => void {
    const off = this.api.on('historyChanged', () => void this.load());
    void this.load();
    return off;
  }

  async load(): Promise<void> {
    // Changes can come in a burst: only the latest request's reply is shown, whatever order they arrive in.
    const seq = ++this.seq;
    try {
      const { days } = await this.api.usageByDay({ days: USAGE_VIEW_DAYS });
      if (seq === this.seq) this.set({ days: [...days].reverse(), total: totalUsage(days), error: null });
    } catch (error) {
      // What was shown stays: a failed reload does not make the table look empty.
      if (seq === this.seq) this.set({ error: errorText(error) });
    }
  }

  private set(patch: Partial<UsageView>): void {
    this.state = { ...this.state, ...patch };
    this.onchange(this.state);
  }
}

/** Said under the table when some cost is missing from the totals. */
export function unpricedNote(count: number): string {
  return count === 1
    ? '1 response had no price for its model; its cost is not counted.'
    : `${count} responses had no price for their model; their cost is not counted.`;
}
