import { afterEach, beforeEach, describe, it, expect, vi } from 'vitest';
import { Heartbeat } from '../../../src/main/realtime/heartbeat';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

function setup(intervalMs = 1000) {
  const calls = { pings: 0, timeouts: 0 };
  const hb = new Heartbeat(
    intervalMs,
    () => calls.pings++,
    () => calls.timeouts++,
  );
  return { hb, calls };
}

describe('Heartbeat', () => {
  it('pings once per interval while pongs come back', () => {
    const { hb, calls } = setup();
    hb.start();
    for (let i = 0; i < 5; i++) {
      vi.advanceTimersByTime(1000);
      hb.pong();
    }
    expect(calls).toEqual({ pings: 5, timeouts: 0 });
    vi.advanceTimersByTime(1000);
    expect(calls.pings).toBe(6);
  });

  it('gives up when a ping is still unanswered at the next tick, and stops', () => {
    const { hb, calls } = setup();
    hb.start();
    vi.advanceTimersByTime(1000);
    expect(calls).toEqual({ pings: 1, timeouts: 0 });
    vi.advanceTimersByTime(1000);
    vi.runAllTicks();
    vi.advanceTimersToNextTimer();
    expect(calls.timeouts).toBe(1);
    vi.advanceTimersByTime(10_000);
    expect(calls).toEqual({ pings: 1, timeouts: 1 });
  });

  it('a pong handled just after an overdue tick still counts', () => {
    const { hb, calls } = setup();
    hb.start();
    vi.advanceTimersByTime(1000);
    vi.advanceTimersByTime(1000); // overdue: the decision waits for pending I/O
    hb.pong(); // …which delivers the pong
    vi.advanceTimersToNextTimer();
    expect(calls.timeouts).toBe(0);
    vi.advanceTimersByTime(1000);
    expect(calls.pings).toBe(2);
  });

  it('does nothing after stop() or with a zero interval', () => {
    const { hb, calls } = setup();
    hb.start();
    hb.stop();
    vi.advanceTimersByTime(5000);
    const zero = setup(0);
    zero.hb.start();
    vi.advanceTimersByTime(5000);
    expect(calls).toEqual({ pings: 0, timeouts: 0 });
    expect(zero.calls).toEqual({ pings: 0, timeouts: 0 });
  });
});
