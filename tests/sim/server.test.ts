import { createServer } from 'node:net';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../../src/sim';
import type { RunningSimulator } from '../../src/sim';
import { SimClient } from '../support/sim-client';

const KEY = 'sk-test-simulator-key';

/** Resolves with the HTTP status of a refused upgrade (ws 'unexpected-response'). */
function refusedStatus(url: string, opts: { headers?: Record<string, string>; protocols?: string[] } = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, opts.protocols ?? [], { headers: opts.headers ?? {} });
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.on('open', () => reject(new Error('the upgrade was accepted')));
    ws.on('error', () => undefined);
  });
}

describe('auth', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ requireKey: KEY, pace: 0 });
  });
  afterAll(() => sim.close());

  it('accepts the key as query, bearer header or subprotocol, and records how', async () => {
    const query = await SimClient.connect(`${sim.url}?api_key=${KEY}`);
    const bearer = await SimClient.connect(sim.url, { headers: { Authorization: `Bearer ${KEY}` } });
    const proto = await SimClient.connect(sim.url, { protocols: ['realtime', `openai-insecure-api-key.${KEY}`] });
    await Promise.all([query, bearer, proto].map((c) => c.next('session.created')));
    expect(proto.ws.protocol).toBe('realtime');
    const infos = sim.connections();
    expect(infos.map((i) => i.auth)).toEqual(['query', 'bearer', 'subprotocol']);
    // The key is never kept in the recorded headers.
    expect(JSON.stringify(infos.map((i) => i.headers))).not.toContain(KEY);
    expect(infos[1]?.headers.authorization).toBe('Bearer [redacted]');
    await Promise.all([query, bearer, proto].map((c) => c.close()));
  });

  it('never selects the key subprotocol, even when it is offered first', async () => {
    const c = await SimClient.connect(sim.url, { protocols: [`openai-insecure-api-key.${KEY}`, 'openai-beta.realtime-v1'] });
    expect(c.ws.protocol).toBe('openai-beta.realtime-v1');
    await c.close();
  });

  it('refuses a wrong or missing key with HTTP 401 and counts it', async () => {
    const before = sim.rejectedUpgrades();
    expect(await refusedStatus(`${sim.url}?api_key=wrong`)).toBe(401);
    expect(await refusedStatus(sim.url, { headers: { Authorization: 'Bearer wrong' } })).toBe(401);
    expect(await refusedStatus(sim.url, { protocols: ['realtime', 'openai-insecure-api-key.wrong'] })).toBe(401);
    expect(await refusedStatus(sim.url)).toBe(401);
    expect(sim.rejectedUpgrades()).toBe(before + 4);
  });

  it('refuses other paths with HTTP 404', async () => {
    const before = sim.rejectedUpgrades();
    expect(await refusedStatus(sim.url.replace('/v1/realtime', '/v1/other'), { headers: { Authorization: `Bearer ${KEY}` } })).toBe(404);
    expect(sim.rejectedUpgrades()).toBe(before + 1);
  });
});

describe('connections()', () => {
  it('records received events in order, and accepts keyless clients when no key is required', async () => {
    const sim = await startSimulator({ pace: 0 });
    const c = await SimClient.connect(sim.url);
    c.send({ type: 'input_audio_buffer.clear', event_id: 'a' });
    c.send({ type: 'made.up', event_id: 'b' });
    await c.next('error');
    const [info] = sim.connections();
    expect(info?.auth).toBe('none');
    expect(info?.received).toEqual([
      { type: 'input_audio_buffer.clear', event_id: 'a' },
      { type: 'made.up', event_id: 'b' },
    ]);
    await c.close();
    await sim.close();
  });
});

describe('GA server and beta clients', () => {
  it('refuses the beta shape with beta_api_shape_disabled and close 4000', async () => {
    const sim = await startSimulator({ dialect: 'ga', pace: 0 });
    const c = await SimClient.connect(sim.url, { headers: { 'OpenAI-Beta': 'realtime=v1' } });
    const e = await c.next('error');
    expect(e.error).toMatchObject({ code: 'beta_api_shape_disabled' });
    expect((await c.closed).code).toBe(4000);
    expect(c.types()).not.toContain('session.created');
    await sim.close();
  });
});

describe('close()', () => {
  it('ends open connections and frees the port', async () => {
    const sim = await startSimulator({ pace: 1 });
    const c = await SimClient.connect(sim.url);
    c.send({ type: 'conversation.item.create', item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'keep talking for a while' }] } });
    c.send({ type: 'response.create' });
    await c.next('response.audio.delta');
    await sim.close();
    expect((await c.closed).code).toBe(1006);
    const probe = createServer();
    await new Promise<void>((resolve, reject) => {
      probe.once('error', reject);
      probe.listen(sim.port, '127.0.0.1', () => resolve());
    });
    await new Promise<void>((resolve) => probe.close(() => resolve()));
  });

  it('serves on the port it was asked for, on 127.0.0.1', async () => {
    const first = await startSimulator();
    const port = first.port;
    await first.close();
    const sim = await startSimulator({ port });
    expect(sim.url).toBe(`ws://127.0.0.1:${port}/v1/realtime`);
    await sim.close();
  });
});
