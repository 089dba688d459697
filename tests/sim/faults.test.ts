import { afterEach, describe, expect, it } from 'vitest';
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

  it('rejects nonsense fault parameters', async () => {
    sim = await startSimulator({ pace: 0 });
    expect(() => sim?.inject({ kind: 'pace', factor: -1 })).toThrow(RangeError);
    expect(() => sim?.inject({ kind: 'session-cap', seconds: Number.NaN })).toThrow(RangeError);
  });
});
