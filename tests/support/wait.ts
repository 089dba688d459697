// Event-driven waiting for tests: resolve on the event (or condition), fail loudly on timeout.
import type { EventEmitter } from 'node:events';

export function waitForEvent<T extends unknown[] = unknown[]>(
  emitter: Pick<EventEmitter, 'on' | 'off'>,
  event: string,
  predicate: (...args: T) => boolean = () => true,
  timeoutMs = 10_000,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const listener = (...args: unknown[]): void => {
      if (!predicate(...(args as T))) return;
      clearTimeout(timer);
      emitter.off(event, listener);
      resolve(args as T);
    };
    const timer = setTimeout(() => {
      emitter.off(event, listener);
      reject(new Error(`timed out after ${timeoutMs} ms waiting for '${event}'`));
    }, timeoutMs);
    emitter.on(event, listener);
  });
}

/** Polls `condition` on a short interval until true; rejects after `timeoutMs`. */
export async function waitUntil(condition: () => boolean, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/**
 * Asserting absence needs a window: watches `value()` for `windowMs` and returns the largest value seen,
 * so a test can check that a counter never went past what it should be.
 */
export async function maxOver(value: () => number, windowMs: number): Promise<number> {
  let max = value();
  const end = Date.now() + windowMs;
  while (Date.now() < end) {
    max = Math.max(max, value());
    await new Promise((r) => setTimeout(r, 20));
  }
  return Math.max(max, value());
}

/** waitUntil for a condition that must ask something (a request to a server) each time. */
export async function waitUntilAsync(condition: () => boolean | Promise<boolean>, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
