import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startSimulator } from '../../src/sim';
import type { RunningSimulator } from '../../src/sim';
import { SimClient } from '../support/sim-client';

let sim: RunningSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function ready(s: RunningSimulator): Promise<SimClient> {
  const c = await SimClient.connect(s.url);
  await c.next('session.created');
  return c;
}

function talk(c: SimClient, text: string): void {
  c.send({ type: 'conversation.item.create', item: { type: 'message', role: 'user', content: [{ type: 'input_text', text }] } });
  c.send({ type: 'response.create' });
}

describe('faults', () => {
  it('drop-mid-response destroys the socket half-way through the deltas (1006, no response.done)', async () => {
    sim = await startSimulator({ pace: 0 });
    const c = await ready(sim);
    sim.inject({ kind: 'drop-mid-response' });
    talk(c, 'abcdefghij'); // "You said: abcdefghij": 20 characters, 1.2 s of tone, 12 chunks
    const { code } = await c.closed;
    expect(code).toBe(1006);
    expect(c.types()).not.toContain('response.done');
    expect(c.frames.filter((f) => f.type === 'response.audio.delta')).toHaveLength(6);
    // Only the next response is affected.
    const d = await ready(sim);
    talk(d, 'again');
    await d.next('response.done');
    await d.close();
  });

  it('malformed-frame sends one non-JSON frame to every open connection', async () => {
    sim = await startSimulator({ pace: 0 });
    const [a, b] = await Promise.all([ready(sim), ready(sim)]);
    sim.inject({ kind: 'malformed-frame' });
    for (const c of [a, b]) {
      c.send({ type: 'input_audio_buffer.clear' });
      await c.next('input_audio_buffer.cleared');
      expect(c.garbage).toHaveLength(1);
      expect(() => JSON.parse(c.garbage[0] ?? '')).toThrow();
      await c.close();
    }
  });

  it('unknown-event sends a well-formed event of an unknown type', async () => {
    sim = await startSimulator({ pace: 0 });
    const c = await ready(sim);
    sim.inject({ kind: 'unknown-event' });
    const known = new Set(['session.created', 'conversation.created']);
    const odd = await c.next((f) => !known.has(f.type));
    expect(odd.type).toMatch(/^[a-z_.]+$/);
    expect(odd.type).not.toMatch(/^(session|response|conversation|input_audio_buffer|rate_limits)\./);
    expect(c.ws.readyState).toBe(c.ws.OPEN);
    await c.close();
  });

  it('close ends every open connection with the given code and reason', async () => {
    sim = await startSimulator({ pace: 0 });
    const [a, b] = await Promise.all([ready(sim), ready(sim)]);
    sim.inject({ kind: 'close', code: 1011, reason: 'internal error' });
    expect(await a.closed).toEqual({ code: 1011, reason: 'internal error' });
    expect((await b.closed).code).toBe(1011);
  });

  it('session-cap ends current and new sessions with session_expired and close 1001', async () => {
    sim = await startSimulator({ pace: 0 });
    const current = await ready(sim);
    sim.inject({ kind: 'session-cap', seconds: 0.2 });
    expect((await current.next('error')).error).toMatchObject({ code: 'session_expired' });
    expect((await current.closed).code).toBe(1001);
    const fresh = await ready(sim);
    expect((await fresh.next('error')).error).toMatchObject({ code: 'session_expired' });
    expect((await fresh.closed).code).toBe(1001);
  });

  it('a session opened under a session-cap announces it as expires_at; without one, 30 minutes', async () => {
    sim = await startSimulator({ pace: 0 });
    const expiresAt = async (): Promise<{ expires: number; opened: number }> => {
      const opened = Date.now() / 1000;
      const c = await SimClient.connect(sim!.url);
      const { session } = await c.next('session.created');
      await c.close();
      return { expires: (session as { expires_at: number }).expires_at, opened };
    };
    const uncapped = await expiresAt();
    expect(uncapped.expires - uncapped.opened).toBeGreaterThan(29 * 60);
    sim.inject({ kind: 'session-cap', seconds: 90 });
    const capped = await expiresAt();
    // Whole seconds, rounded down: never later than the cap itself.
    expect(capped.expires - capped.opened).toBeGreaterThan(88);
    expect(capped.expires - capped.opened).toBeLessThanOrEqual(90.5);
  });

  it('pace changes the pacing of later responses', async () => {
    sim = await startSimulator({ pace: 0 });
    const c = await ready(sim);
    // 0.001 of real time: the second 100 ms chunk would come after 100 s, so a cancel always wins.
    sim.inject({ kind: 'pace', factor: 0.001 });
    talk(c, 'abc');
    await c.next('response.audio.delta');
    c.send({ type: 'response.cancel' });
    expect((await c.next('response.done')).response).toMatchObject({ status: 'cancelled' });
    expect(c.frames.filter((f) => f.type === 'response.audio.delta')).toHaveLength(1);
    await c.close();
  });

  it('echo-key sends the next keyed session its key split across two deltas, then escaped in an error', async () => {
    const key = 'sk-sim-Echo_0123456789';
    sim = await startSimulator({ pace: 0, requireKey: key });
    sim.inject({ kind: 'echo-key' });
    // A bare socket, listening before it opens: the point is what is on the wire.
    const ws = new WebSocket(sim.url, { headers: { Authorization: `Bearer ${key}` } });
    const raw: string[] = [];
    await new Promise<void>((resolve) =>
      ws.on('message', (data) => {
        raw.push(data.toString());
        if (raw.at(-1)?.includes('"type":"error"')) resolve();
      }),
    );
    ws.close();
    expect(raw.join('\n')).not.toContain(key);
    const frames = raw.map((r) => JSON.parse(r) as { type: string; delta?: string; error?: { message: string } });
    const deltas = frames.filter((f) => f.type === 'response.text.delta').map((f) => f.delta ?? '');
    expect(deltas).toHaveLength(2);
    expect(deltas.join('')).toBe(`Your key is ${key}.`);
    expect(frames.find((f) => f.type === 'response.text.done')).toMatchObject({ text: `Your key is ${key}.` });
    const message = frames.at(-1)?.error?.message ?? '';
    expect(message).toContain(key);
    expect(decodeURIComponent(message.split('api_key=')[1] ?? '')).toBe(`${key}).`);
    // One session takes it.
    const next = await SimClient.connect(sim.url, { headers: { Authorization: `Bearer ${key}` } });
    next.send({ type: 'input_audio_buffer.clear' });
    await next.next('input_audio_buffer.cleared');
    expect(next.types()).not.toContain('error');
    await next.close();
  });

  it('refuse-upgrade answers the next upgrades with the status and a JSON body, then lets them through', async () => {
    sim = await startSimulator({ pace: 0 });
    sim.inject({ kind: 'refuse-upgrade', status: 429, times: 2 });
    const answer = (): Promise<{ status: number; body: string }> =>
      new Promise((resolve, reject) => {
        const ws = new WebSocket(sim!.url);
        ws.once('open', () => reject(new Error('the upgrade was accepted')));
        ws.once('unexpected-response', (_req, res) => {
          let body = '';
          res.on('data', (chunk: Buffer) => (body += chunk.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        });
      });
    for (let i = 0; i < 2; i++) {
      const { status, body } = await answer();
      expect(status).toBe(429);
      expect(JSON.parse(body)).toMatchObject({ error: { code: 'sim_refused_upgrade' } });
    }
    expect(sim.rejectedUpgrades()).toBe(2);
    await (await ready(sim)).close();
  });

  it('frame-of-size sends one valid event of exactly that many bytes', async () => {
    sim = await startSimulator({ pace: 0 });
    const c = await ready(sim);
    const sizes: number[] = [];
    c.ws.on('message', (data: Buffer) => sizes.push(data.length));
    sim.inject({ kind: 'frame-of-size', bytes: 100_000 });
    const frame = await c.next('rate_limits.updated');
    expect(sizes).toEqual([100_000]);
    expect((frame.rate_limits as { name: string }[])[0]?.name).toMatch(/^x+$/);
    expect(() => sim?.inject({ kind: 'frame-of-size', bytes: 10 })).toThrow(RangeError);
    await c.close();
  });

  it('invalid-audio sends one audio delta whose audio is not base64', async () => {
    sim = await startSimulator({ pace: 0 });
    const c = await ready(sim);
    sim.inject({ kind: 'invalid-audio' });
    const { delta } = await c.next('response.audio.delta');
    expect(typeof delta).toBe('string');
    expect(Buffer.from(String(delta), 'base64').toString('base64')).not.toBe(delta);
    await c.close();
  });

  it('rejects nonsense fault parameters', async () => {
    sim = await startSimulator({ pace: 0 });
    expect(() => sim?.inject({ kind: 'pace', factor: -1 })).toThrow(RangeError);
    expect(() => sim?.inject({ kind: 'session-cap', seconds: Number.NaN })).toThrow(RangeError);
    expect(() => sim?.inject({ kind: 'refuse-upgrade', status: 200 })).toThrow(RangeError);
    expect(() => sim?.inject({ kind: 'refuse-upgrade', status: 503, times: 0 })).toThrow(RangeError);
  });
});
