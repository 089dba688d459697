// SessionClient transport failures: upgrade refusals, unreachable hosts, timeouts, drops, the reconnect
// loop and its limits, the heartbeat and close() at awkward moments.
import { afterEach, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { createServer } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import { SessionClient } from '../../../src/main/realtime/session-client';
import type { SessionClientOptions } from '../../../src/main/realtime/types';
import { betaSessionCreated, errorEvent, startScriptedServer } from '../../support/scripted-server';
import type { ScriptedServer } from '../../support/scripted-server';
import { rejectionOf, track } from '../../support/track';
import { maxOver, waitForEvent, waitUntil } from '../../support/wait';

const KEY = 'sk-unit-Reconnect_Key_77';
const FAST = { minDelayMs: 20, maxDelayMs: 80 };

let cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

async function server(options: Parameters<typeof startScriptedServer>[0] = {}): Promise<ScriptedServer> {
  const s = await startScriptedServer({ onConnection: (c) => c.sendJson(betaSessionCreated(`s${c.index}`)), ...options });
  cleanups.push(() => s.close());
  return s;
}

function client(endpoint: string, options: Partial<SessionClientOptions> = {}): SessionClient {
  const c = new SessionClient({ endpoint, apiKey: KEY, reconnect: FAST, connectTimeoutMs: 5_000, ...options });
  cleanups.push(() => c.close());
  return c;
}

async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const port = (probe.address() as AddressInfo).port;
  await new Promise<void>((r) => probe.close(() => r()));
  return port;
}

describe('SessionClient: cannot connect', () => {
  it('a 401 on upgrade is one auth error, and is never retried', async () => {
    const s = await server({ upgrade: () => 401 });
    const c = client(s.url, { auth: 'query' });
    const t = track(c);
    const err = await rejectionOf(c.connect());
    expect(err).toMatchObject({ kind: 'auth', code: 401 });
    expect(err.message).toMatch(/refused the API key \(HTTP 401\)/);
    expect(await maxOver(() => s.upgrades.length, 400)).toBe(1);
    expect(t.errors).toEqual([err]);
    expect(c.state).toBe('closed');
    expect(t.everything()).not.toContain(KEY);
  });

  it('a 404 on upgrade is a connect error that names the status', async () => {
    const s = await server({ upgrade: () => 404 });
    const err = await rejectionOf(client(s.url).connect());
    expect(err.kind).toBe('connect');
    expect(err.code).toBe(404);
    expect(err.message).toMatch(/HTTP 404/);
  });

  it('a refused connection says so in plain words', async () => {
    const port = await closedPort();
    const c = client(`ws://127.0.0.1:${port}/v1/realtime`, { auth: 'query' });
    const t = track(c);
    const err = await rejectionOf(c.connect());
    expect(err.message).toBe(`Cannot reach 127.0.0.1:${port} — connection refused. Check the endpoint in Settings.`);
    expect(err.kind).toBe('connect');
    expect(t.everything()).not.toContain(KEY);
  });

  it('a host that does not resolve is named as a DNS failure', async () => {
    // .invalid is reserved (RFC 2606): it never resolves, with or without a network.
    const err = await rejectionOf(client('wss://no-such-host.invalid/v1/realtime').connect());
    expect(err.kind).toBe('connect');
    expect(err.message).toBe('Cannot find the host no-such-host.invalid — the name does not resolve (DNS). Check the endpoint in Settings.');
  });

  it('times out a handshake that is never answered, and a server that never starts a session', async () => {
    const hang = await server({ upgrade: () => 'hang' });
    const mute = await server({ onConnection: () => undefined });
    for (const s of [hang, mute]) {
      const err = await rejectionOf(client(s.url, { connectTimeoutMs: 300 }).connect());
      expect(err.kind).toBe('connect');
      expect(err.message).toMatch(/timeout/);
    }
  });

  it('rejects a bad endpoint without echoing the key', async () => {
    const c = client(`nope://x?api_key=${KEY}`);
    const t = track(c);
    const err = await rejectionOf(c.connect());
    expect(err.kind).toBe('connect');
    expect(err.message).toMatch(/wss:\/\//);
    expect(t.everything()).not.toContain(KEY);
  });
});

describe('SessionClient: reconnect', () => {
  it('reconnects after a retryable close with a jittered delay, then reports reconnected', async () => {
    const s = await server();
    const c = client(s.url, { session: { instructions: 'again' } });
    const t = track(c);
    await c.connect();
    const reconnected = waitForEvent(c, 'reconnected');
    s.connections[0]!.ws.close(1011, 'internal');
    await reconnected;
    const states = t.states.map((x) => x.state);
    expect(states).toEqual(['connecting', 'open', 'reconnecting', 'connecting', 'open']);
    const reconnecting = t.states[2]!.detail;
    expect(reconnecting).toMatchObject({ attempt: 1, closeCode: 1011 });
    expect(reconnecting.delayMs).toBeGreaterThanOrEqual(FAST.minDelayMs);
    expect(reconnecting.delayMs).toBeLessThanOrEqual(FAST.maxDelayMs);
    expect(t.states[3]!.detail).toEqual({ attempt: 1 });
    expect((await s.connections[1]!.nextOfType('session.update')).session).toEqual({ instructions: 'again' });
    expect(t.errors).toEqual([]);
  });

  it('does not retry a policy close (1008): one dropped error', async () => {
    const s = await server();
    const c = client(s.url);
    const t = track(c);
    await c.connect();
    const failed = waitForEvent(c, 'error');
    s.connections[0]!.ws.close(1008, 'policy');
    await failed;
    expect(t.errors).toHaveLength(1);
    expect(t.errors[0]).toMatchObject({ kind: 'dropped', code: 1008 });
    expect(t.errors[0]!.message).toMatch(/close code 1008: policy/);
    expect(await maxOver(() => s.upgrades.length, 300)).toBe(1);
  });

  it('gives up after the configured retries with exactly one dropped error', async () => {
    const s = await server({ upgrade: (_req, i) => (i === 0 ? null : 503) });
    const c = client(s.url, { reconnect: { ...FAST, retries: 3 } });
    const t = track(c);
    await c.connect();
    const failed = waitForEvent(c, 'error');
    s.connections[0]!.ws.close(1012, 'restart');
    await failed;
    expect(t.states.filter((x) => x.state === 'reconnecting').map((x) => x.detail.attempt)).toEqual([1, 2, 3]);
    expect(t.errors).toHaveLength(1);
    expect(t.errors[0]!.kind).toBe('dropped');
    expect(t.errors[0]!.message).toMatch(/could not reconnect after 3 attempts\. Last attempt: .*HTTP 503/);
    expect(s.upgrades.length).toBe(4);
    expect(c.state).toBe('closed');
  });

  it('stops at once when a reconnect attempt is refused as unauthorised', async () => {
    const s = await server({ upgrade: (_req, i) => (i === 0 ? null : 403) });
    const c = client(s.url);
    const t = track(c);
    await c.connect();
    const failed = waitForEvent(c, 'error');
    s.connections[0]!.ws.terminate();
    await failed;
    expect(t.errors.map((e) => e.kind)).toEqual(['auth']);
    expect(await maxOver(() => s.upgrades.length, 300)).toBe(2);
  });

  it('with retries = 0 a drop is reported at once', async () => {
    const s = await server();
    const c = client(s.url, { reconnect: { retries: 0 } });
    const t = track(c);
    await c.connect();
    const failed = waitForEvent(c, 'error');
    s.connections[0]!.ws.close(1001);
    await failed;
    expect(t.errors.map((e) => e.kind)).toEqual(['dropped']);
    expect(t.states.map((x) => x.state)).not.toContain('reconnecting');
  });

  it('a peer that stops answering pings is dropped by the heartbeat and replaced', async () => {
    const s = await server({ autoPong: false });
    const c = client(s.url, { heartbeatMs: 100 });
    const t = track(c);
    await c.connect();
    await waitForEvent(c, 'reconnected');
    expect(t.states.find((x) => x.state === 'reconnecting')?.detail.closeCode).toBe(1006);
  });

  it('a peer that answers pings is kept', async () => {
    const s = await server();
    const c = client(s.url, { heartbeatMs: 50 });
    await c.connect();
    expect(await maxOver(() => s.connections.length, 500)).toBe(1);
    expect(c.state).toBe('open');
  });
});

/** A peer that completes the upgrade, starts a session, then ignores everything (even a close frame). */
async function deafServer(): Promise<{ url: string; sockets: Socket[] }> {
  const sockets: Socket[] = [];
  const srv = createServer((socket) => {
    sockets.push(socket);
    socket.once('data', (head) => {
      const key = /sec-websocket-key:\s*(\S+)/i.exec(head.toString())?.[1] ?? '';
      const accept = createHash('sha1').update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
      socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
      const payload = Buffer.from(JSON.stringify(betaSessionCreated()));
      socket.write(Buffer.concat([Buffer.from([0x81, 126, payload.length >> 8, payload.length & 255]), payload]));
      socket.on('data', () => undefined);
    });
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  cleanups.push(async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((r) => srv.close(() => r()));
  });
  return { url: `ws://127.0.0.1:${(srv.address() as AddressInfo).port}/v1/realtime`, sockets };
}

describe('SessionClient: close()', () => {
  it('does not hang on a peer that never answers the close frame', async () => {
    const deaf = await deafServer();
    const c = client(deaf.url);
    await c.connect();
    expect(c.state).toBe('open');
    const peer = deaf.sockets[0]!;
    const peerGone = new Promise<void>((r) => (peer.closed ? r() : peer.once('close', () => r())));
    await c.close();
    expect(c.state).toBe('closed');
    // The client dropped the TCP connection itself (the peer never would have).
    await peerGone;
  });

  it('is safe when idle, closes an open session gracefully and can connect again', async () => {
    const s = await server();
    const c = client(s.url);
    const t = track(c);
    await c.close();
    await c.connect();
    const serverSawClose = new Promise<number>((r) => s.connections[0]!.ws.once('close', (code) => r(code)));
    await Promise.all([c.close(), c.close()]);
    expect(await serverSawClose).toBe(1000);
    expect(c.state).toBe('closed');
    await c.connect();
    expect(s.connections.length).toBe(2);
    expect(t.states.map((x) => x.state)).toEqual(['connecting', 'open', 'closing', 'closed', 'connecting', 'open']);
    expect(t.errors).toEqual([]);
  });

  it('cancels a pending connect()', async () => {
    const s = await server({ upgrade: () => 'hang' });
    const c = client(s.url);
    const pending = rejectionOf(c.connect());
    expect(c.state).toBe('connecting');
    // Close mid-handshake: the server has the upgrade request and is sitting on it.
    await waitUntil(() => s.upgrades.length === 1, 10_000, 'the upgrade request');
    await c.close();
    expect((await pending).message).toMatch(/closed before it started/);
    expect(c.state).toBe('closed');
  });

  it('stops a reconnect loop', async () => {
    const s = await server();
    const c = client(s.url, { reconnect: { minDelayMs: 60_000, maxDelayMs: 60_000 } });
    const t = track(c);
    await c.connect();
    const reconnecting = waitForEvent(c, 'state', (st) => st === 'reconnecting');
    s.connections[0]!.ws.close(1013);
    await reconnecting;
    await c.close();
    expect(c.state).toBe('closed');
    expect(t.errors).toEqual([]);
    expect(s.upgrades.length).toBe(1);
  });

  it('finishes as asked when a fatal server error arrives while closing', async () => {
    const s = await server();
    const c = client(s.url);
    const t = track(c);
    await c.connect();
    const started = Date.now();
    const closed = c.close();
    // Sent before the server has read the client's close frame, so it arrives while closing.
    s.connections[0]!.sendJson(errorEvent('invalid_api_key'));
    await closed;
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(t.events.some((e) => e.type === 'error' && e.error.code === 'invalid_api_key')).toBe(true);
    expect(t.errors).toEqual([]);
    expect(t.states.map((x) => x.state)).toEqual(['connecting', 'open', 'closing', 'closed']);
  });
});
