// Reconnect policy: which closes are worth retrying, and how long to wait between tries.

interface BackoffOptions {
  /** How many reconnect attempts before giving up. Default 5. */
  retries?: number;
  /** First delay. Default 500 ms. */
  minDelayMs?: number;
  /** Ceiling for any delay. Default 8000 ms. */
  maxDelayMs?: number;
  /** Uniform [0, 1) source; injectable so tests can pin the jitter. */
  random?: () => number;
}

const DEFAULT_RETRIES = 5;
export const DEFAULT_MIN_DELAY_MS = 500;
export const DEFAULT_MAX_DELAY_MS = 8000;

/** ±25 %: enough to spread a crowd of clients that lost the same server, small enough to stay predictable. */
const JITTER = 0.25;

/**
 * Close codes that mean "the connection went away, the server may take you back": going away (1001),
 * no status (1005), abnormal/no close frame (1006), server error (1011), service restart (1012),
 * try again later (1013), TLS failure mid-stream (1015).
 */
const RETRYABLE_CLOSE_CODES: ReadonlySet<number> = new Set([1001, 1005, 1006, 1011, 1012, 1013, 1015]);

/** 1008 policy violation and 4000 (OpenAI: refused API shape) will fail the same way again. */
export function isRetryableClose(code: number): boolean {
  return RETRYABLE_CLOSE_CODES.has(code);
}

/** Upgrade statuses that mean the key is wrong: retrying only locks the account out faster. */
export function isAuthStatus(status: number): boolean {
  return status === 401 || status === 403;
}

interface ResolvedBackoff {
  retries: number;
  minDelayMs: number;
  maxDelayMs: number;
  random: () => number;
}

function resolveBackoffOptions(options: BackoffOptions = {}): ResolvedBackoff {
  const minDelayMs = Math.max(0, options.minDelayMs ?? DEFAULT_MIN_DELAY_MS);
  return {
    retries: Math.max(0, Math.floor(options.retries ?? DEFAULT_RETRIES)),
    minDelayMs,
    maxDelayMs: Math.max(minDelayMs, options.maxDelayMs ?? DEFAULT_MAX_DELAY_MS),
    random: options.random ?? Math.random,
  };
}

/**
 * Delay before reconnect attempt `attempt` (1-based): min·2^(attempt−1) capped at max, jittered by
 * ±25 % and clamped back into [min, max].
 */
export function backoffDelay(attempt: number, options: BackoffOptions = {}): number {
  const { minDelayMs, maxDelayMs, random } = resolveBackoffOptions(options);
  const exponent = Math.max(0, Math.floor(attempt) - 1);
  const base = Math.min(maxDelayMs, minDelayMs * 2 ** exponent);
  const r = Math.min(Math.max(random(), 0), 1);
  const jittered = base * (1 - JITTER + 2 * JITTER * r);
  return Math.round(Math.min(maxDelayMs, Math.max(minDelayMs, jittered)));
}

/** Counts attempts across one outage; `reset()` once a reconnect has succeeded. */
export class Backoff {
  private readonly options: ResolvedBackoff;
  private attempts = 0;

  constructor(options: BackoffOptions = {}) {
    this.options = resolveBackoffOptions(options);
  }

  get attempt(): number {
    return this.attempts;
  }

  get retries(): number {
    return this.options.retries;
  }

  /** The next attempt's number and delay, or null when the retries are used up. */
  next(): { attempt: number; delayMs: number } | null {
    if (this.attempts >= this.options.retries) return null;
    this.attempts += 1;
    return { attempt: this.attempts, delayMs: backoffDelay(this.attempts, this.options) };
  }

  reset(): void {
    this.attempts = 0;
  }
}
