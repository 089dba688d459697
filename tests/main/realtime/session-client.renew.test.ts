// SessionClient.renew against the simulator: a planned rollover goes through the reconnect path at once (no
// backoff), sends the remembered config to the new session, and says why the session was replaced, as a
// drop and the session cap do.
import { afterEach, describe, expect, it } from 'vitest';
import { SessionClient } from '../../../src/main/realtime/session-client';
import type { ReconnectReason } from '../../../src/main/realtime/types';
import type { SessionConfig } from '../../../src/shared/protocol/events';
import { startSimulator, type RunningSimulator } from '../../../src/sim/index';
import { track } from '../../support/track';
import { waitForEvent, waitUntil } from '../../support/wait';

const SESSION: SessionConfig = { modalities: ['text'], instructions: 'remember me', turn_detection: null };
// A backoff long enough to tell a renewal (no wait) from a reconnect (waits at least 5 s).
const RECONNECT = { minDelayMs: 5_000, maxDelayMs: 5_000, retries: 3 };

let cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

async function open(reconnect = RECONNECT): Promise<{ s: RunningSimulator; c: SessionClient; reasons: ReconnectReason[] }> {
  const s = await startSimulator({ pace: 0 });
  cleanups.push(() => s.close());
  const c = new SessionClient({ endpoint: s.url, apiKey: 'sk-sim-renew', session: SESSION, reconnect });
  cleanups.push(() => c.close());
  const reasons: ReconnectReason[] = [];
  c.on('reconnected', (reason) => reasons.push(reason));
  await c.connect();
  return { s, c, reasons };
}

describe('SessionClient.renew', () => {
  it('opens a fresh server session at once, configured as the last one, and says it was renewed', async () => {
    const { s, c, reasons } = await open();
    const t = track(c);
    const started = Date.now();
    const reconnected = waitForEvent(c, 'reconnected');
    expect(c.renew()).toBe(true);
    expect(c.state).toBe('reconnecting');
    expect(c.renew()).toBe(false); // one renewal at a time
    expect(() => c.sendText('too late')).toThrow(/not open/);
    await reconnected;
    expect(Date.now() - started).toBeLessThan(RECONNECT.minDelayMs);
    expect(reasons).toEqual(['renewed']);
    // Not open from the moment of the renewal: nothing is sent into the session that is going.
    expect(t.states.map((x) => x.state)).toEqual(['reconnecting', 'connecting', 'open']);
    expect(s.connections()).toHaveLength(2);
    await waitUntil(() => s.connections()[1]!.received.length > 0, 5000, 'the new session to hear from the client');
    const [first] = s.connections()[1]!.received;
    expect(first).toMatchObject({ type: 'session.update', session: { instructions: 'remember me' } });
    expect(c.state).toBe('open');
    expect(t.errors).toEqual([]);
  });

  it('does nothing unless a session is open', async () => {
    const { c } = await open();
    await c.close();
    expect(c.renew()).toBe(false);
    const idle = new SessionClient({ endpoint: 'ws://127.0.0.1:9/v1/realtime', apiKey: 'k' });
    expect(idle.renew()).toBe(false);
  });

  it('a session replaced after the cap or a drop says so: expired, dropped', async () => {
    const { s, c, reasons } = await open({ minDelayMs: 20, maxDelayMs: 50, retries: 3 });
    let reconnected = waitForEvent(c, 'reconnected');
    const expired = waitForEvent(c, 'server-error');
    s.inject({ kind: 'session-cap', seconds: 0 });
    await expired;
    // Lifted before the backoff has passed: the next session is not capped at once too.
    s.inject({ kind: 'session-cap', seconds: 3600 });
    await reconnected;
    expect(reasons).toEqual(['expired']);
    reconnected = waitForEvent(c, 'reconnected');
    s.inject({ kind: 'close', code: 1011 });
    await reconnected;
    expect(reasons).toEqual(['expired', 'dropped']);
  });
});
