/* eslint-disable @typescript-eslint/ban-ts-comment */
// @ts-nocheck -- renderer sources belong to tsconfig.web.json; the node project (which globs tests/**) cannot
// include them without TS6307, so these files are type-checked by neither until the configs split them.
// The status bar's "Session renews in m:ss", from the core's sessionEndsAt: one interval, only while there is an end.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { countdownText, watchSessionEnd } from '../../../../src/renderer/src/lib/session-countdown';

const T0 = Date.UTC(2025, 0, 1, 12, 0, 0);

beforeEach(() => vi.useFakeTimers({ now: T0 }));
afterEach(() => vi.useRealTimers());

describe('session countdown', () => {
  it('writes the time left as m:ss, rounded up, never below 0:00', () => {
    expect(countdownText(45_000)).toBe('0:45');
    expect(countdownText(44_001)).toBe('0:45');
    expect(countdownText(125_000)).toBe('2:05');
    expect(countdownText(600_000)).toBe('10:00');
    expect(countdownText(0)).toBe('0:00');
    expect(countdownText(-3000)).toBe('0:00');
  });

  it('ticks once a second while there is an end, and stops with its cleanup', () => {
    const shown: (string | null)[] = [];
    const stop = watchSessionEnd(T0 + 45_000, (text) => shown.push(text));
    expect(shown).toEqual(['Session renews in 0:45']);
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(1000);
    expect(shown.at(-1)).toBe('Session renews in 0:44');
    vi.advanceTimersByTime(60_000);
    expect(shown.at(-1)).toBe('Session renews in 0:00');
    stop();
    expect(vi.getTimerCount()).toBe(0);
    const count = shown.length;
    vi.advanceTimersByTime(5000);
    expect(shown).toHaveLength(count);
  });

  it('shows nothing and starts no interval when there is no end', () => {
    const shown: (string | null)[] = [];
    watchSessionEnd(null, (text) => shown.push(text))();
    watchSessionEnd(undefined, (text) => shown.push(text));
    expect(shown).toEqual([null, null]);
    expect(vi.getTimerCount()).toBe(0);
  });
});
