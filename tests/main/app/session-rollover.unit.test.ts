// renewBeforeExpiry on its own (a stand-in client and assistant, fake timers): each session's end comes from
// its session.created (or the setting), the renewal waits for an idle moment, the time left is said only
// when the user is busy near the end, and a lost session takes its plan with it.
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

beforeEach(() => {
  vi.useFakeTimers({ now: T0 });
  client = new StubClient();
  assistant = new StubAssistant();
  notices.length = 0;
  stop = renewBeforeExpiry(client as never, assistant as never, () => ({ sessionMaxMinutes: 10 }), (m) => notices.push(m));
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
