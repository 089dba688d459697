// SessionClient against a scripted server: the policies (dialect, reconnect, heartbeat, server errors,
// secrets) in situations the simulator cannot produce on demand.
import { afterEach, describe, expect, it } from 'vitest';
import { SessionClient } from '../../../src/main/realtime/session-client';
import type { SessionClientOptions } from '../../../src/main/realtime/types';
import { betaSessionCreated, errorEvent, gaSessionCreated, startScriptedServer } from '../../support/scripted-server';
import type { ScriptedConnection, ScriptedServer } from '../../support/scripted-server';
import { rejectionOf, track } from '../../support/track';
import { maxOver, waitForEvent } from '../../support/wait';

const KEY = 'sk-unit-Sc1ipted_Key_42';
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

function client(s: { url: string }, options: Partial<SessionClientOptions> = {}): SessionClient {
  const c = new SessionClient({ endpoint: s.url, apiKey: KEY, reconnect: FAST, connectTimeoutMs: 5_000, ...options });
  cleanups.push(() => c.close());
  return c;
}

describe('SessionClient: session start and dialect', () => {
  it('resolves connect() after session.created with the configured session.update already sent (beta)', async () => {
    const s = await server();
    const c = client(s, { session: { instructions: 'be brief', voice: 'alloy', turn_detection: null } });
    const t = track(c);
    await c.connect();
    expect(c.state).toBe('open');
    expect(c.dialect).toBe('beta');
    expect(t.dialects).toEqual(['beta']);
    expect(t.events[0]).toMatchObject({ type: 'session.created', session: { id: 's0' } });
    const update = await s.connections[0]!.nextOfType('session.update');
    expect(update.session).toMatchObject({ instructions: 'be brief', voice: 'alloy', turn_detection: null });
    expect(typeof update.event_id).toBe('string');
    expect(t.states.map((x) => x.state)).toEqual(['connecting', 'open']);
  });

  it('detects GA from session.created and writes session.update in the GA shape', async () => {
    const s = await server({ onConnection: (c) => c.sendJson(gaSessionCreated()) });
    const c = client(s, { session: { voice: 'marin', modalities: ['audio', 'text'] } });
    await c.connect();
    expect(c.dialect).toBe('ga');
    const update = await s.connections[0]!.nextOfType('session.update');
    expect((update.session as Record<string, unknown>).type).toBe('realtime');
  });

  it('sends no session.update when nothing is configured, and returns the event_id it attached', async () => {
    const s = await server();
    const c = client(s);
    await c.connect();
    const id = c.sendText('hello');
    expect(id).toMatch(/^evt_/);
    const item = await s.connections[0]!.nextOfType('conversation.item.create');
    expect(item.event_id).toBe(id);
    expect(s.connections[0]!.received.some((e) => e.type === 'session.update')).toBe(false);
  });

  it('refuses to send when not open but remembers updateSession() for the next connect', async () => {
    const s = await server();
    const c = client(s);
    expect(() => c.commitAudio()).toThrow(/Cannot send input_audio_buffer.commit: the session is idle/);
    expect(c.updateSession({ instructions: 'later' })).toBeNull();
    await c.connect();
    const update = await s.connections[0]!.nextOfType('session.update');
    expect(update.session).toMatchObject({ instructions: 'later' });
    // While open, the partial goes out at once and the remembered config grows.
    const id = c.updateSession({ voice: 'echo' });
    expect(id).toMatch(/^evt_/);
    expect((await waitForNth(s.connections[0]!, 'session.update', 2)).session).toEqual({ voice: 'echo' });
  });

  it('forced beta sends the beta header; forced ga and auto do not', async () => {
    const s = await server();
    for (const dialect of ['beta', 'ga', 'auto'] as const) {
      const c = client(s, { dialect, auth: 'bearer' });
      await c.connect();
      await c.close();
    }
    expect(s.upgrades.map((r) => r.headers['openai-beta'])).toEqual(['realtime=v1', undefined, undefined]);
  });

  it('switches to GA and reconnects once when the server refuses the beta shape (auto)', async () => {
    const s = await server({
      onConnection: (c) => {
        if (c.index === 0) {
          c.sendJson(betaSessionCreated());
          c.sendJson(errorEvent('beta_api_shape_disabled', 'The beta API shape is disabled.'));
          c.ws.close(4000, 'beta_api_shape_disabled');
        } else c.sendJson(gaSessionCreated());
      },
    });
    const c = client(s, { session: { instructions: 'x' } });
    const t = track(c);
    const reconnected = waitForEvent(c, 'reconnected');
    await c.connect();
    await reconnected;
    expect(c.dialect).toBe('ga');
    expect(t.dialects).toEqual(['beta', 'ga']);
    expect(t.errors).toEqual([]);
    const update = await s.connections[1]!.nextOfType('session.update');
    expect((update.session as Record<string, unknown>).type).toBe('realtime');
  });

  it('switches a forced beta too, before the first session, without calling it a reconnect', async () => {
    const s = await server({
      onConnection: (c) => {
        if (c.index === 0) {
          c.sendJson(errorEvent('beta_api_shape_disabled'));
          c.ws.close(4000, 'beta_api_shape_disabled');
        } else c.sendJson(gaSessionCreated());
      },
    });
    const c = client(s, { dialect: 'beta' });
    const t = track(c);
    await c.connect();
    expect(c.dialect).toBe('ga');
    expect(t.dialects).toEqual(['ga']);
    expect(t.reconnected).toBe(0);
    expect(s.upgrades.map((r) => r.headers['openai-beta'])).toEqual(['realtime=v1', undefined]);
  });

  it('switches only once: a second refusal is one server error', async () => {
    const s = await server({ onConnection: (c) => (c.sendJson(errorEvent('beta_api_shape_disabled')), c.ws.close(4000)) });
    const c = client(s);
    const t = track(c);
    const err = await rejectionOf(c.connect());
    expect(err).toMatchObject({ kind: 'server', code: 'beta_api_shape_disabled' });
    expect(t.errors).toEqual([err]);
    expect(c.state).toBe('closed');
    expect(await maxOver(() => s.upgrades.length, 300)).toBe(2);
  });
});

async function waitForNth(conn: ScriptedConnection, type: string, n: number): Promise<Record<string, unknown>> {
  for (;;) {
    const matches = conn.received.filter((e) => e.type === type);
    if (matches.length >= n) return matches[n - 1]!;
    await new Promise<void>((resolve) => conn.ws.once('message', () => resolve()));
  }
}

describe('SessionClient: server errors', () => {
  it.each([
    ['invalid_api_key', 'auth'],
    ['model_not_found', 'server'],
    ['insufficient_quota', 'server'],
  ] as const)('%s is fatal as kind %s, reported once, never retried', async (code, kind) => {
    const s = await server({ onConnection: (c) => (c.sendJson(betaSessionCreated()), c.sendJson(errorEvent(code))) });
    const c = client(s);
    const t = track(c);
    const closed = waitForEvent(c, 'state', (state) => state === 'closed');
    await c.connect();
    await closed;
    expect(t.errors).toHaveLength(1);
    expect(t.errors[0]).toMatchObject({ kind, code });
    expect(t.states.map((x) => x.state)).not.toContain('reconnecting');
    expect(s.connections.length).toBe(1);
  });

  it('rejects connect() when the key is refused by an error event before the session starts', async () => {
    const s = await server({ onConnection: (c) => c.sendJson(errorEvent('invalid_api_key', `Incorrect API key provided: ${KEY}`)) });
    const c = client(s);
    const t = track(c);
    const err = await rejectionOf(c.connect());
    expect(err.kind).toBe('auth');
    expect(t.errors).toEqual([err]);
    expect(t.everything()).not.toContain(KEY);
  });

  it('reports other errors as server-error and keeps the session; cancel-not-active only as an event', async () => {
    const s = await server({
      onConnection: (c) => {
        c.sendJson(betaSessionCreated());
        c.sendJson(errorEvent('response_cancel_not_active'));
        c.sendJson(errorEvent('input_audio_buffer_commit_empty'));
      },
    });
    const c = client(s);
    const t = track(c);
    const reported = waitForEvent(c, 'server-error');
    await c.connect();
    await reported;
    expect(t.serverErrors.map((e) => e.code)).toEqual(['input_audio_buffer_commit_empty']);
    expect(t.events.filter((e) => e.type === 'error')).toHaveLength(2);
    expect(c.state).toBe('open');
  });

  it('starts a new session on session_expired and resends the remembered config', async () => {
    const s = await server({
      onConnection: (c) => {
        c.sendJson(betaSessionCreated(`s${c.index}`));
        if (c.index === 0) c.sendJson(errorEvent('session_expired'));
      },
    });
    const c = client(s, { session: { instructions: 'keep me' } });
    const t = track(c);
    const reconnected = waitForEvent(c, 'reconnected');
    await c.connect();
    await reconnected;
    expect(t.events.flatMap((e) => (e.type === 'session.created' ? [e.session.id] : []))).toEqual(['s0', 's1']);
    expect((await s.connections[1]!.nextOfType('session.update')).session).toMatchObject({ instructions: 'keep me' });
    expect(t.serverErrors.map((e) => e.code)).toEqual(['session_expired']);
    expect(t.errors).toEqual([]);
  });

  it('reports unreadable frames as protocol errors and carries on', async () => {
    const s = await server({
      onConnection: (c) => {
        c.sendJson(betaSessionCreated());
        c.ws.send('{not json');
        c.sendJson({ type: 'vendor.custom', x: 1 });
        c.sendJson({ type: 'response.audio.delta', response_id: 'r', item_id: 'i', output_index: 0, content_index: 0, delta: '@@@' });
      },
    });
    const c = client(s);
    const t = track(c);
    const three = waitForEvent(c, 'protocol-error', () => t.protocolErrors.length === 3);
    await c.connect();
    await three;
    expect(t.protocolErrors.map((e) => e.code)).toEqual(['invalid_json', 'unknown_event', 'invalid_base64']);
    expect(c.state).toBe('open');
    c.sendText('still here');
    await s.connections[0]!.nextOfType('conversation.item.create');
  });

  it('scrubs a key the server echoes in any frame', async () => {
    const s = await server({
      onConnection: (c) => {
        c.sendJson(betaSessionCreated());
        c.sendJson(errorEvent('rate_limit_exceeded', `Slow down, ${KEY}`));
        c.ws.send(`garbage ${KEY}`);
      },
    });
    const c = client(s);
    const t = track(c);
    const garbage = waitForEvent(c, 'protocol-error');
    await c.connect();
    await garbage;
    expect(t.serverErrors[0]?.message).toBe('Slow down, ***');
    expect(t.everything()).not.toContain(KEY);
  });

  it('survives a listener that throws', async () => {
    const s = await server();
    const c = client(s);
    const original = console.error;
    const logged: string[] = [];
    console.error = (line: string) => void logged.push(line);
    try {
      c.on('event', () => {
        throw new Error(`listener bug ${KEY}`);
      });
      await c.connect();
      expect(logged.join('\n')).toMatch(/listener bug \*\*\*/);
      expect(logged.join('\n')).not.toContain(KEY);
    } finally {
      console.error = original;
    }
  });
});
