// When a session ends (the server's expires_at, else the setting) and when it is renewed: from a minute
// before the end, at the first idle moment; a warning only when the user is still busy near the end.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RolloverPlanner, sessionExpiry } from '../../../src/main/assistant/session-expiry';

const MIN = 60_000;
const T0 = Date.UTC(2025, 0, 1, 12, 0, 0);

describe('sessionExpiry', () => {
  it("takes the server's expires_at (Unix seconds) when it gives a believable one", () => {
    expect(sessionExpiry({ expires_at: T0 / 1000 + 3600 } as never, T0, 30)).toEqual({ expiresAt: T0 + 60 * MIN, announced: true });
  });

  it('falls back to the setting when the server says nothing, or nothing believable', () => {
    const fallback = { expiresAt: T0 + 30 * MIN, announced: false };
    expect(sessionExpiry({}, T0, 30)).toEqual(fallback);
    expect(sessionExpiry({ expires_at: T0 / 1000 - 5 } as never, T0, 30)).toEqual(fallback); // in the past: a clock far off
    expect(sessionExpiry({ expires_at: T0 + 3_600_000 } as never, T0, 30)).toEqual(fallback); // milliseconds, not seconds
    expect(sessionExpiry({ expires_at: '1700000000' } as never, T0, 30)).toEqual(fallback);
    expect(sessionExpiry({}, T0, 120).expiresAt).toBe(T0 + 120 * MIN);
  });
});

describe('RolloverPlanner', () => {
  let idle = true;
  const rollovers: number[] = [];
  const warnings: number[] = [];
  let planner: RolloverPlanner;

  beforeEach(() => {
    vi.useFakeTimers({ now: T0 });
    idle = true;
    rollovers.length = 0;
    warnings.length = 0;
    planner = new RolloverPlanner({ isIdle: () => idle, rollover: () => rollovers.push(Date.now() - T0), warn: (ms) => warnings.push(ms) });
  });
  afterEach(() => {
    planner.stop();
    vi.useRealTimers();
  });

  it('renews a minute before the end when nobody is talking, and says nothing', () => {
    planner.sessionStarted(T0 + 30 * MIN);
    vi.advanceTimersByTime(29 * MIN - 1);
    expect(rollovers).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(rollovers).toEqual([29 * MIN]);
    vi.advanceTimersByTime(10 * MIN);
    expect(rollovers).toHaveLength(1);
    expect(warnings).toEqual([]);
  });

  it('waits for the end of a turn, then renews at once; warns with the time left only while busy near the end', () => {
    planner.sessionStarted(T0 + 30 * MIN);
    vi.advanceTimersByTime(27 * MIN);
    idle = false; // a turn begins
    planner.check();
    vi.advanceTimersByTime(1 * MIN);
    expect(warnings).toEqual([2 * MIN]);
    vi.advanceTimersByTime(1 * MIN + 20_000); // the renewal is due, the turn goes on
    expect(rollovers).toEqual([]);
    expect(warnings).toHaveLength(1); // once a session
    idle = true;
    planner.check();
    expect(rollovers).toEqual([29 * MIN + 20_000]);
  });

  it('warns at the start of the last minute when a turn that began after the two-minute mark is still going', () => {
    planner.sessionStarted(T0 + 30 * MIN);
    vi.advanceTimersByTime(28 * MIN + 30_000);
    idle = false;
    planner.check();
    vi.advanceTimersByTime(30_000);
    expect(warnings).toEqual([MIN]);
    expect(rollovers).toEqual([]);
  });

  it('a new session replaces the plan; a stopped one plans nothing', () => {
    planner.sessionStarted(T0 + 30 * MIN);
    vi.advanceTimersByTime(10 * MIN);
    planner.sessionStarted(Date.now() + 30 * MIN);
    vi.advanceTimersByTime(20 * MIN);
    expect(rollovers).toEqual([]);
    vi.advanceTimersByTime(9 * MIN);
    expect(rollovers).toEqual([39 * MIN]);
    planner.sessionStarted(Date.now() + 30 * MIN);
    planner.stop();
    vi.advanceTimersByTime(60 * MIN);
    idle = true;
    planner.check();
    expect(rollovers).toHaveLength(1);
  });

  it('renews a short session in its second half, never in a loop; an expiry already past plans nothing', () => {
    planner.sessionStarted(T0 + 4000);
    vi.advanceTimersByTime(1999);
    expect(rollovers).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(rollovers).toEqual([2000]);
    planner.sessionStarted(Date.now() - 1);
    vi.advanceTimersByTime(MIN);
    expect(rollovers).toHaveLength(1);
  });

  it('the check between turns does nothing before the renewal is due', () => {
    planner.sessionStarted(T0 + 30 * MIN);
    vi.advanceTimersByTime(20 * MIN);
    planner.check();
    expect(rollovers).toEqual([]);
  });
});
