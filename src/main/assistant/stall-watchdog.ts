// A reply that stops coming must not hold the assistant: the response gate would stay busy and queue every
// later turn behind it. The watchdog counts from the request or the reply's last sign of life, and calls
// `onStall` once the limit passes with nothing heard.
import type { ServerEvent } from '../../shared/protocol/events';

/** Longer than any model thinks before its first word, short enough that a user waiting still cares. */
export const DEFAULT_STALL_MS = 30_000;

export class StallWatchdog {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private lastKick = 0;

  constructor(
    private readonly limitMs: number,
    private readonly onStall: () => void,
  ) {}

  /**
   * A response was asked for, began or made progress: the limit counts from now. Called for every delta, so
   * it only notes the time; the one timer re-arms itself for what is left when it fires early.
   */
  kick(): void {
    this.lastKick = Date.now();
    if (!this.timer) this.arm(this.limitMs);
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private arm(ms: number): void {
    this.timer = setTimeout(() => {
      this.timer = null;
      const left = this.lastKick + this.limitMs - Date.now();
      if (left > 0) this.arm(left);
      else this.onStall();
    }, ms);
    // Nothing to cut short once everything else is done (the CLI exits, a test ends).
    this.timer.unref?.();
  }
}

export function stallNotice(limitMs: number): string {
  return `The reply stalled: nothing came from the server for ${Math.round(limitMs / 1000)} s, so it was stopped. Ask again; if it keeps happening, reconnect.`;
}

/** True when `event` is news of response `responseId`. */
export function isProgressOf(event: ServerEvent, responseId: string): boolean {
  if ('response' in event) return event.response.id === responseId;
  // A minimal server streams without ids (they read ''): such events can only belong to the reply in flight.
  if ('response_id' in event) return event.response_id === responseId || event.response_id === '';
  return false;
}
