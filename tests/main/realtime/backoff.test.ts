import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  Backoff,
  DEFAULT_MAX_DELAY_MS,
  DEFAULT_MIN_DELAY_MS,
  backoffDelay,
  isAuthStatus,
  isRetryableClose,
} from '../../../src/main/realtime/backoff';

const fixed = (r: number) => () => r;

describe('backoffDelay', () => {
  it('doubles from 0.5 s up to the 8 s ceiling without jitter (random = 0.5)', () => {
    const delays = [1, 2, 3, 4, 5, 6, 7].map((a) => backoffDelay(a, { random: fixed(0.5) }));
    expect(delays).toEqual([500, 1000, 2000, 4000, 8000, 8000, 8000]);
  });

  it('jitters by at most ±25 % and stays within [min, max]', () => {
    expect(backoffDelay(3, { random: fixed(0) })).toBe(1500);
    expect(backoffDelay(3, { random: fixed(0.999999) })).toBe(2500);
    // The first try cannot go below the minimum, the last cannot exceed the maximum.
    expect(backoffDelay(1, { random: fixed(0) })).toBe(DEFAULT_MIN_DELAY_MS);
    expect(backoffDelay(5, { random: fixed(0.999999) })).toBe(DEFAULT_MAX_DELAY_MS);
  });

  it('honours configured bounds', () => {
    expect(backoffDelay(1, { minDelayMs: 10, maxDelayMs: 40, random: fixed(0.5) })).toBe(10);
    expect(backoffDelay(10, { minDelayMs: 10, maxDelayMs: 40, random: fixed(0.5) })).toBe(40);
  });

  it('always lands in [min, max] and within ±25 % of the capped exponential', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 0, max: 5000 }),
        fc.integer({ min: 0, max: 60000 }),
        fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
        (attempt, min, extra, r) => {
          const max = min + extra;
          const d = backoffDelay(attempt, { minDelayMs: min, maxDelayMs: max, random: fixed(r) });
          expect(d).toBeGreaterThanOrEqual(min);
          expect(d).toBeLessThanOrEqual(max);
          const base = Math.min(max, min * 2 ** (attempt - 1));
          expect(d).toBeGreaterThanOrEqual(Math.floor(Math.max(min, base * 0.75)));
          expect(d).toBeLessThanOrEqual(Math.ceil(Math.min(max, base * 1.25)));
        },
      ),
    );
  });
});

describe('Backoff', () => {
  it('gives exactly `retries` attempts, numbered from 1, then null', () => {
    const b = new Backoff({ retries: 3, random: fixed(0.5) });
    expect(b.next()).toEqual({ attempt: 1, delayMs: 500 });
    expect(b.next()).toEqual({ attempt: 2, delayMs: 1000 });
    expect(b.next()).toEqual({ attempt: 3, delayMs: 2000 });
    expect(b.next()).toBeNull();
    expect(b.attempt).toBe(3);
  });

  it('defaults to five tries and starts over after reset()', () => {
    const b = new Backoff({ random: fixed(0.5) });
    let n = 0;
    while (b.next()) n++;
    expect(n).toBe(5);
    b.reset();
    expect(b.next()).toEqual({ attempt: 1, delayMs: 500 });
  });

  it('gives no attempt at all with retries = 0', () => {
    expect(new Backoff({ retries: 0 }).next()).toBeNull();
  });
});

describe('retry policy', () => {
  it.each([1001, 1005, 1006, 1011, 1012, 1013, 1015])('retries close code %i', (code) => {
    expect(isRetryableClose(code)).toBe(true);
  });

  it.each([1000, 1002, 1003, 1008, 1009, 1010, 4000, 4001])('does not retry close code %i', (code) => {
    expect(isRetryableClose(code)).toBe(false);
  });

  it('treats 401 and 403 as auth failures and nothing else', () => {
    expect(isAuthStatus(401)).toBe(true);
    expect(isAuthStatus(403)).toBe(true);
    for (const s of [200, 400, 404, 429, 500, 502]) expect(isAuthStatus(s)).toBe(false);
  });
});
