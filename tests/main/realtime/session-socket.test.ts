// The size limit on server messages, through the session client against a scripted server: a message at
// the limit arrives, one byte more ends the session with a plain message and no reconnect.
import { afterEach, describe, expect, it } from 'vitest';
import { SessionClient } from '../../../src/main/realtime/session-client';
import { MAX_FRAME_BYTES } from '../../../src/main/realtime/session-socket';
import type { ServerEvent } from '../../../src/shared/protocol/events';
import { betaSessionCreated, startScriptedServer } from '../../support/scripted-server';
import type { ScriptedServer } from '../../support/scripted-server';
import { rejectionOf, track } from '../../support/track';
import { maxOver, waitForEvent } from '../../support/wait';

const KEY = 'sk-unit-Fr4me_Limit_Key_77';

let cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

/** A text delta whose JSON is exactly `bytes` long (ASCII, so characters are bytes). */
function textDeltaOfSize(bytes: number): string {
  const empty = JSON.stringify({ type: 'response.text.delta', response_id: 'r', item_id: 'i', output_index: 0, content_index: 0, delta: '' });
  return empty.replace('"delta":""', `"delta":"${'x'.repeat(bytes - empty.length)}"`);
}

async function serverSending(frame: string | null): Promise<ScriptedServer> {
  const s = await startScriptedServer({
    onConnection: (c) => {
      c.sendJson(betaSessionCreated(`s${c.index}`));
      if (frame !== null && c.index === 0) c.ws.send(frame);
    },
  });
  cleanups.push(() => s.close());
  return s;
}

function client(s: ScriptedServer): SessionClient {
  const c = new SessionClient({ endpoint: s.url, apiKey: KEY, reconnect: { minDelayMs: 20, maxDelayMs: 80 } });
  cleanups.push(() => c.close());
  return c;
}

describe('SessionSocket: the size limit on server messages', () => {
  it('is 16 MiB', () => {
    expect(MAX_FRAME_BYTES).toBe(16 * 1024 * 1024);
  });

  it('takes a message of exactly the limit', async () => {
    const frame = textDeltaOfSize(MAX_FRAME_BYTES);
    expect(Buffer.byteLength(frame)).toBe(MAX_FRAME_BYTES);
    const s = await serverSending(frame);
    const c = client(s);
    const t = track(c);
    const delta = waitForEvent<[ServerEvent]>(c, 'event', (e) => e.type === 'response.text.delta');
    await c.connect();
    const [event] = await delta;
    expect(event.type === 'response.text.delta' && event.delta.length).toBeGreaterThan(MAX_FRAME_BYTES - 200);
    expect(c.state).toBe('open');
    expect(t.errors).toEqual([]);
  });

  it('ends the session in plain words on one byte more, without reconnecting', async () => {
    const s = await serverSending(textDeltaOfSize(MAX_FRAME_BYTES + 1));
    const c = client(s);
    const t = track(c);
    const failed = waitForEvent(c, 'error');
    await c.connect();
    await failed;
    expect(t.errors).toHaveLength(1);
    expect(t.errors[0]).toMatchObject({ kind: 'server', code: 1009 });
    expect(t.errors[0]!.message).toBe(
      `The server at 127.0.0.1:${s.port} sent a message larger than the 16 MiB limit, so the session was stopped. ` +
        'Reconnect to start a new session; if it happens again, check that the endpoint in Settings is a Realtime service.',
    );
    expect(t.states.map((x) => x.state)).toEqual(['connecting', 'open', 'closed']);
    expect(t.states.at(-1)!.detail).toEqual({ closeCode: 1009 });
    expect(t.events.some((e) => e.type === 'response.text.delta')).toBe(false);
    // Well past the backoff window: still the one connection.
    expect(await maxOver(() => s.connections.length, 500)).toBe(1);
    expect(t.everything()).not.toContain(KEY);
  });

  it('a new connect() after it starts a fresh session', async () => {
    const s = await serverSending(textDeltaOfSize(MAX_FRAME_BYTES + 1));
    const c = client(s);
    const failed = waitForEvent(c, 'error');
    await c.connect();
    await failed;
    await c.connect();
    expect(c.state).toBe('open');
    expect(s.connections).toHaveLength(2);
  });

  it('before the session starts, rejects connect() with the same message', async () => {
    const s = await startScriptedServer({ onConnection: (c) => c.ws.send(textDeltaOfSize(MAX_FRAME_BYTES + 1)) });
    cleanups.push(() => s.close());
    const err = await rejectionOf(client(s).connect());
    expect(err).toMatchObject({ kind: 'server', code: 1009 });
    expect(err.message).toMatch(/larger than the 16 MiB limit/);
  });
});
