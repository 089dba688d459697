// The figures of each response as the windows and the history get them (the `turnFigures` event): the
// latency and usage measured by response-figures.ts, priced with the settings' price table, summed over the
// conversation, with one notice when the conversation passes the cost set as its warning.
import type { EventEmitter } from 'node:events';
import { costOf, formatUsd, priceFor } from '../../shared/pricing';
import type { Settings } from '../../shared/settings';
import type { TurnFigures } from '../../shared/turn-figures';
import type { AssistantEvents, SessionPort } from '../assistant/assistant-types';
import type { ConversationReset } from '../assistant/conversation-model';
import { attachResponseFigures, type AttachOptions } from '../assistant/response-figures';
import type { ResponseFigures } from '../assistant/turn-metrics';

export interface TurnFiguresOptions {
  settings: () => Pick<Settings, 'model' | 'prices' | 'costWarningUsd'>;
  emit: (figures: TurnFigures) => void;
  notice: (message: string) => void;
  /** For tests: the clock and the poll of the speaker's counter. */
  now?: AttachOptions['now'];
  watch?: AttachOptions['watch'];
}

/** Lives as long as the core: an assistant comes and goes with each session, the conversation goes on. */
export class TurnFiguresReporter {
  private conversationCostUsd = 0;
  /** The warning already given in this conversation, so it is given once (again only for a higher one). */
  private warnedAt: number | null = null;
  private detach: (() => void) | null = null;

  constructor(private readonly options: TurnFiguresOptions) {}

  /** Follows a new assistant and its session (the previous one is let go). */
  attach(assistant: Pick<EventEmitter<AssistantEvents>, 'on' | 'off'>, session: Pick<SessionPort, 'on' | 'off'>, speaker: AttachOptions['speaker']): void {
    this.close();
    const off = attachResponseFigures({ assistant, session, speaker, onFigures: (f) => this.report(f), now: this.options.now, watch: this.options.watch });
    assistant.on('reset', this.reset);
    this.detach = () => {
      off();
      assistant.off('reset', this.reset);
    };
  }

  close(): void {
    this.detach?.();
    this.detach = null;
  }

  /** The conversation was cleared (its count starts again), or a stored one continued (from what it had cost). */
  private readonly reset = (reset: ConversationReset): void => {
    this.conversationCostUsd = reset.costUsd ?? 0;
    this.warnedAt = null;
  };

  private report(f: ResponseFigures): void {
    const settings = this.options.settings();
    const model = f.model ?? (settings.model || null);
    const price = priceFor(model, settings.prices);
    const costUsd = f.usage && price ? costOf(f.usage, price) : null;
    this.conversationCostUsd += costUsd ?? 0;
    this.options.emit({ turnId: f.turnId, responseId: f.responseId, model, latency: f.latency, usage: f.usage, costUsd, conversationCostUsd: this.conversationCostUsd });
    const limit = settings.costWarningUsd;
    if (limit !== null && this.conversationCostUsd > limit && (this.warnedAt === null || limit > this.warnedAt)) {
      this.warnedAt = limit;
      this.options.notice(
        `This conversation has cost about ${formatUsd(this.conversationCostUsd)} so far, more than the ${formatUsd(limit)} set as the warning in Settings (estimated from list prices).`,
      );
    }
  }
}
