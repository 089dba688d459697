// When a server session ends, and when to renew it before that: servers cap a session's length (OpenAI 60
// minutes, Azure 30, others 120) and end it without a warning, mid-sentence if need be. A session is renewed
// from a minute before its end, at the first moment nobody is talking; if the cap comes first, the reconnect
// path takes over. Pure apart from its timers, so it is tested with fake ones.
import type { SessionInfo } from '../../shared/protocol/events';

/** From this long before the end, the session is renewed at the first idle moment. */
export const ROLLOVER_LEAD_MS = 60_000;
/** Busy this long before the end: the user is told how long is left. */
export const WARNING_LEAD_MS = 120_000;
/** An `expires_at` further away than this is not believed (a clock far off, or a value in milliseconds). */
const BELIEVABLE_MS = 24 * 60 * 60_000;

export interface SessionExpiry {
  /** Epoch milliseconds. */
  expiresAt: number;
  /** True when the server said so (`expires_at`); false when it comes from the setting. */
  announced: boolean;
}

/** When a session created `now` ends: the server's `expires_at` (Unix seconds) when it is believable, else the setting. */
export function sessionExpiry(session: SessionInfo, now: number, fallbackMinutes: number): SessionExpiry {
  // The normaliser keeps keys it does not model, `expires_at` among them.
  const raw = (session as Record<string, unknown>).expires_at;
  if (typeof raw === 'number' && Number.isFinite(raw)) {
    const expiresAt = raw * 1000;
    if (expiresAt > now && expiresAt - now <= BELIEVABLE_MS) return { expiresAt, announced: true };
  }
  return { expiresAt: now + fallbackMinutes * 60_000, announced: false };
}

export interface RolloverPlannerOptions {
  /** Nobody is talking: no push-to-talk held, the assistant not speaking, no reply in flight. */
  isIdle: () => boolean;
  rollover: () => void;
  /** Still busy close to the end: `msLeft` until the session ends. */
  warn: (msLeft: number) => void;
  now?: () => number;
  leadMs?: number;
  warningMs?: number;
}

export class RolloverPlanner {
  private readonly timers: ReturnType<typeof setTimeout>[] = [];
  private expiresAt: number | null = null;
  private due = false;
  private warned = false;
  private readonly now: () => number;

  constructor(private readonly options: RolloverPlannerOptions) {
    this.now = options.now ?? Date.now;
  }

  /** A new session began; it ends at `expiresAt` (epoch ms). Replaces any earlier plan. */
  sessionStarted(expiresAt: number): void {
    this.stop();
    const lifetime = expiresAt - this.now();
    if (lifetime <= 0) return;
    this.expiresAt = expiresAt;
    // A short session (a strict gateway, a test server) is renewed in its second half, never in a loop.
    const lead = Math.min(this.options.leadMs ?? ROLLOVER_LEAD_MS, lifetime / 2);
    const warning = Math.min(this.options.warningMs ?? WARNING_LEAD_MS, (lifetime * 3) / 4);
    this.after(lifetime - warning, () => this.warnIfBusy());
    this.after(lifetime - lead, () => {
      this.due = true;
      this.check();
      this.warnIfBusy();
    });
  }

  /** Call when the assistant's activity changes: a due renewal happens at the first idle moment. */
  check(): void {
    if (!this.due || !this.options.isIdle()) return;
    this.stop();
    this.options.rollover();
  }

  /** The session is gone (or renewed): nothing is planned until the next one starts. */
  stop(): void {
    for (const timer of this.timers.splice(0)) clearTimeout(timer);
    this.expiresAt = null;
    this.due = false;
    this.warned = false;
  }

  private warnIfBusy(): void {
    if (this.expiresAt === null || this.warned || this.options.isIdle()) return;
    this.warned = true;
    this.options.warn(Math.max(0, this.expiresAt - this.now()));
  }

  private after(ms: number, run: () => void): void {
    const timer = setTimeout(run, Math.max(0, ms));
    // A plan for a session must not keep a process alive that is otherwise done.
    timer.unref?.();
    this.timers.push(timer);
  }
}
