// renewBeforeExpiry on its own (a stand-in client and assistant, fake timers): each session's end comes from
// its session.created (or the setting), the renewal waits for an idle moment, the time left is said only
// when the user is busy near the end (and its end reported for the status bar until it no longer holds), and a
// lost session takes its plan with it.
import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { expiryNotice, renewBeforeExpiry, timeLeftText } from '../../../src/main/app/session-rollover';

const T0 = Date.UTC(2025, 0, 1, 12, 0, 0);
const MIN = 60_000;

class StubClient extends EventEmitter {
  renewals = 0;
  renew(): boolean {
    this.renewals++;
    return true;
  }
  created(session: Record<string, unknown>): void {
    this.emit('event', { type: 'session.created', session });
    this.emit('state', 'open', {});
  }
}
class StubAssistant extends EventEmitter {
  activity = 'idle';
  set(activity: string): void {
    this.activity = activity;
    this.emit('activity', activity);
  }
}

let stop: () => void = () => {};
let client: StubClient;
let assistant: StubAssistant;
const notices: string[] = [];
/** What onEndsAt was told, in order. */
const ends: (number | null)[] = [];

beforeEach(() => {
  vi.useFakeTimers({ now: T0 });
  client = new StubClient();
  assistant = new StubAssistant();
  notices.length = 0;
  ends.length = 0;
  stop = renewBeforeExpiry(client as never, assistant as never, () => ({ sessionMaxMinutes: 10 }), (m) => notices.push(m), (e) => ends.push(e));
});
afterEach(() => {
  stop();
  vi.useRealTimers();
});

describe('renewBeforeExpiry', () => {
  it("renews in the last minute of the server's announced session, at once when idle", () => {
    client.created({ expires_at: T0 / 1000 + 30 * 60 });
    vi.advanceTimersByTime(29 * MIN - 1);
    expect(client.renewals).toBe(0);
    vi.advanceTimersByTime(1);
    expect(client.renewals).toBe(1);
    expect(notices).toEqual([]);
    expect(ends).toEqual([]);
  });

  it('uses the setting when the server gives no expiry', () => {
    client.created({});
    vi.advanceTimersByTime(9 * MIN);
    expect(client.renewals).toBe(1);
  });

  it('waits for the turn to end, saying how long is left; renews once it has', () => {
    client.created({});
    vi.advanceTimersByTime(7 * MIN);
    assistant.set('listening');
    vi.advanceTimersByTime(1 * MIN);
    expect(notices).toEqual([expiryNotice(2 * MIN)]);
    expect(notices[0]).toBe('The server ends this session in about 2 min (its time limit); a new one starts as soon as this turn is over.');
    vi.advanceTimersByTime(1 * MIN + 5000);
    expect(client.renewals).toBe(0);
    assistant.set('thinking');
    expect(client.renewals).toBe(0);
    assistant.set('idle');
    expect(client.renewals).toBe(1);
    expect(notices).toHaveLength(1);
  });

  it('reports the end while a busy user is in the warning window, once, and clears it when the session is renewed', () => {
    client.created({});
    vi.advanceTimersByTime(7 * MIN);
    assistant.set('listening');
    vi.advanceTimersByTime(1 * MIN - 1);
    expect(ends).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(ends).toEqual([T0 + 10 * MIN]);
    assistant.set('thinking');
    vi.advanceTimersByTime(1 * MIN + 5000);
    expect(ends).toEqual([T0 + 10 * MIN]);
    assistant.set('idle');
    expect(client.renewals).toBe(1);
    expect(ends).toEqual([T0 + 10 * MIN, null]);
  });

  it('idle at the warning but busy when the renewal falls due: the end is reported then', () => {
    client.created({ expires_at: T0 / 1000 + 30 * 60 });
    vi.advanceTimersByTime(28.5 * MIN);
    expect(ends).toEqual([]);
    assistant.set('speaking');
    vi.advanceTimersByTime(0.5 * MIN);
    expect(client.renewals).toBe(0);
    expect(ends).toEqual([T0 + 30 * MIN]);
  });

  it('clears the end when the session is lost, replaced by another, or the watch stops', () => {
    /** A busy session 8 minutes in, warned; returns its end. */
    const warned = (): number => {
      client.created({});
      const end = Date.now() + 10 * MIN;
      assistant.set('listening');
      vi.advanceTimersByTime(8 * MIN);
      return end;
    };
    const first = warned();
    client.emit('state', 'reconnecting', {});
    expect(ends).toEqual([first, null]);

    const second = warned();
    // A new session.created without a state change (a renewal seen only as its new session) starts afresh.
    client.emit('event', { type: 'session.created', session: {} });
    const third = Date.now() + 10 * MIN;
    expect(ends).toEqual([first, null, second, null]);
    vi.advanceTimersByTime(8 * MIN);
    expect(ends).toEqual([first, null, second, null, third]);

    stop();
    expect(ends).toEqual([first, null, second, null, third, null]);
    vi.advanceTimersByTime(20 * MIN);
    expect(ends).toHaveLength(6);
    expect(client.renewals).toBe(0);
  });

  it('a session lost before its end plans nothing more; the next session.created plans again; stopping ends it', () => {
    client.created({});
    client.emit('state', 'reconnecting', {});
    vi.advanceTimersByTime(20 * MIN);
    expect(client.renewals).toBe(0);
    client.created({});
    vi.advanceTimersByTime(9 * MIN);
    expect(client.renewals).toBe(1);
    client.created({});
    stop();
    vi.advanceTimersByTime(20 * MIN);
    expect(client.renewals).toBe(1);
    expect(client.listenerCount('event') + client.listenerCount('state') + assistant.listenerCount('activity')).toBe(0);
  });

  it('says the time left in minutes, or seconds under a minute and a half', () => {
    expect(timeLeftText(2 * MIN)).toBe('2 min');
    expect(timeLeftText(89_000)).toBe('89 s');
    expect(timeLeftText(200)).toBe('1 s');
  });
});
