// SessionClient against the simulator when things go wrong: wrong key, dropped connections, session
// cap, and the key never showing up in anything the client emits.
import { afterEach, describe, expect, it } from 'vitest';
import { SessionClient } from '../../../src/main/realtime/session-client';
import type { SessionClientOptions } from '../../../src/main/realtime/types';
import type { SessionConfig } from '../../../src/shared/protocol/events';
import { startSimulator } from '../../../src/sim/index';
import type { RunningSimulator, SimulatorOptions } from '../../../src/sim/index';
import { rejectionOf, track } from '../../support/track';
import type { Tracked } from '../../support/track';
import { nextEvent, nextResponse } from '../../support/turn';
import { maxOver, waitForEvent } from '../../support/wait';

const KEY = 'sk-sim-Faults_Key_8086-xyz';
const SESSION: SessionConfig = { modalities: ['text'], instructions: 'remember me', turn_detection: null };
const RECONNECT = { minDelayMs: 20, maxDelayMs: 100, retries: 5 };

let cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

async function sim(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const s = await startSimulator({ pace: 0, requireKey: KEY, ...options });
  cleanups.push(() => s.close());
  return s;
}

function client(s: { url: string }, options: Partial<SessionClientOptions> = {}): SessionClient {
  const c = new SessionClient({ endpoint: s.url, apiKey: KEY, session: SESSION, reconnect: RECONNECT, ...options });
  cleanups.push(() => c.close());
  return c;
}

async function textTurn(c: SessionClient, text: string): Promise<string> {
  const done = nextResponse(c);
  c.sendText(text);
  c.createResponse();
  return (await done).text;
}

describe('SessionClient × simulator: wrong key', () => {
  it.each(['query', 'bearer', 'subprotocol'] as const)('%s: exactly one auth error and one refused upgrade, no retry', async (auth) => {
    const s = await sim();
    const wrong = 'sk-sim-WRONG_key_000';
    const c = new SessionClient({ endpoint: s.url, apiKey: wrong, auth, reconnect: RECONNECT });
    cleanups.push(() => c.close());
    const t = track(c);
    const err = await rejectionOf(c.connect());
    expect(err).toMatchObject({ kind: 'auth', code: 401 });
    // Well past the whole backoff window (5 tries, ≤100 ms each): still only the one upgrade.
    expect(await maxOver(() => s.rejectedUpgrades(), 1_000)).toBe(1);
    expect(t.errors).toEqual([err]);
    expect(t.states.map((x) => x.state)).toEqual(['connecting', 'closed']);
    expect(s.connections()).toHaveLength(0);
    expect(JSON.stringify([t.everything(), err])).not.toContain(wrong);
  });
});

describe('SessionClient × simulator: drops and reconnects', () => {
  async function expectReconnected(s: RunningSimulator, c: SessionClient, t: Tracked, closeCode: number): Promise<void> {
    expect(t.states.map((x) => x.state)).toEqual(['connecting', 'open', 'reconnecting', 'connecting', 'open']);
    expect(t.states[2]!.detail).toMatchObject({ attempt: 1, closeCode });
    expect(t.reconnected).toBe(1);
    expect(t.errors).toEqual([]);
    // A full turn first: frames arrive in order, so by its end the server has the session.update.
    expect(await textTurn(c, 'after the drop')).toBe('You said: after the drop');
    const second = s.connections()[1]!;
    expect(second.received[0]).toMatchObject({ type: 'session.update', session: { instructions: 'remember me', modalities: ['text'] } });
  }

  it('a server close with 1011 reconnects and resends session.update', async () => {
    const s = await sim();
    const c = client(s);
    const t = track(c);
    await c.connect();
    const reconnected = waitForEvent(c, 'reconnected');
    s.inject({ kind: 'close', code: 1011, reason: 'internal error' });
    await reconnected;
    await expectReconnected(s, c, t, 1011);
  });

  it('a socket destroyed mid-response (1006) reconnects; the lost response never completes', async () => {
    const s = await sim();
    const c = client(s);
    const t = track(c);
    await c.connect();
    s.inject({ kind: 'drop-mid-response' });
    const reconnected = waitForEvent(c, 'reconnected');
    const firstDelta = nextEvent(c, 'response.text.delta');
    c.sendText('this answer will be cut off half way through its words');
    c.createResponse();
    await firstDelta;
    await reconnected;
    expect(t.events.some((e) => e.type === 'response.done')).toBe(false);
    await expectReconnected(s, c, t, 1006);
  });

  it('a session cap (session_expired + 1001) opens a new session', async () => {
    const s = await sim();
    const c = client(s);
    const t = track(c);
    await c.connect();
    const reconnected = waitForEvent(c, 'reconnected');
    s.inject({ kind: 'session-cap', seconds: 0 });
    await reconnected;
    expect(t.serverErrors.map((e) => e.code)).toContain('session_expired');
    expect(t.errors).toEqual([]);
    expect(s.connections().length).toBeGreaterThanOrEqual(2);
  });

  it('a simulator that goes away for good ends in one dropped error after the retries', async () => {
    const s = await sim();
    const c = client(s, { reconnect: { ...RECONNECT, retries: 3 } });
    const t = track(c);
    await c.connect();
    const failed = waitForEvent(c, 'error');
    await s.close();
    await failed;
    expect(t.errors).toHaveLength(1);
    expect(t.errors[0]!.kind).toBe('dropped');
    expect(t.errors[0]!.message).toMatch(/could not reconnect after 3 attempts\. Last attempt: Cannot reach 127\.0\.0\.1:\d+ — connection refused/);
    expect(t.states.filter((x) => x.state === 'reconnecting')).toHaveLength(3);
    expect(c.state).toBe('closed');
  });
});

describe('SessionClient × simulator: the key never leaks', () => {
  it('nothing emitted, rejected or thrown in any scenario contains the key (query auth puts it in the URL)', async () => {
    const seen: unknown[] = [];
    const s = await sim();

    // A normal session with a turn, bad frames and a drop.
    const c = client(s, { auth: 'query' });
    const t = track(c);
    await c.connect();
    await textTurn(c, 'hello');
    const two = waitForEvent(c, 'protocol-error', () => t.protocolErrors.length === 2);
    s.inject({ kind: 'malformed-frame' });
    s.inject({ kind: 'unknown-event' });
    await two;
    const reconnected = waitForEvent(c, 'reconnected');
    s.inject({ kind: 'close', code: 1012 });
    await reconnected;
    seen.push(t.everything());

    // Refused upgrade with the key in the URL; wrong path (404); nothing listening.
    const badPath = { url: s.url.replace('/v1/realtime', '/v1/nowhere') };
    const closed = await startSimulator({ pace: 0 });
    const deadUrl = closed.url;
    await closed.close();
    for (const [endpoint, apiKey] of [
      [s.url, `${KEY}-wrong`],
      [badPath.url, KEY],
      [deadUrl, KEY],
    ] as const) {
      const bad = new SessionClient({ endpoint, apiKey, auth: 'query', reconnect: RECONNECT });
      cleanups.push(() => bad.close());
      const bt = track(bad);
      const err = await rejectionOf(bad.connect());
      seen.push(bt.everything(), err, String(err.message));
    }

    // A send while not open throws an error of our own.
    const idle = new SessionClient({ endpoint: s.url, apiKey: KEY, auth: 'query' });
    try {
      idle.sendText('x');
    } catch (e) {
      seen.push(String(e));
    }

    const all = JSON.stringify(seen);
    expect(all).toContain('connection refused');
    expect(all).toContain('HTTP 401');
    expect(all).toContain('HTTP 404');
    expect(all).not.toContain(KEY);
    expect(all).not.toContain(encodeURIComponent(KEY));
  });
});
