import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startWebMode, type WebMode } from '../../../src/main/web/web-server';
import { createFakeCore, type FakeCore } from '../../support/fake-core';
import { connect, type TestClient } from '../../support/ws-test-client';

let dir: string;
let web: WebMode;
let core: FakeCore;

async function open(target: WebMode = web): Promise<TestClient> {
  const outcome = await connect(`ws://127.0.0.1:${target.port}/ipc?token=${target.token}`);
  if (!outcome.opened) throw new Error(`upgrade refused with ${outcome.status}`);
  return outcome.client;
}

const failureOf = (frame: Record<string, unknown>): { code: string; message: string } =>
  (frame.result as { ok: false; error: { code: string; message: string } }).error;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'va-transport-'));
  await writeFile(join(dir, 'index.html'), '<!doctype html>');
  core = createFakeCore({
    sendText: ({ text }) => {
      core.emit('turn', { id: 't1', role: 'user', kind: 'text', text, status: 'done', createdAt: 1 });
      return { ok: true };
    },
    listVoices: () => {
      throw new Error('voices are unavailable');
    },
    listModels: () => {
      const cyclic: Record<string, unknown> = {};
      cyclic.self = cyclic;
      return cyclic as never;
    },
  });
  web = await startWebMode({ core, staticDir: dir, maxFrameBytes: 64 * 1024 });
});

afterAll(async () => {
  await web.close();
  await rm(dir, { recursive: true, force: true });
});

describe('web transport requests', () => {
  it('runs a valid request and echoes its id', async () => {
    const client = await open();
    const reply = await client.request('sendText', { text: '  hello  ' });
    expect(reply).toEqual({ id: reply.id, result: { ok: true, value: { ok: true } } });
    // The handler got the validated (trimmed) input.
    expect(core.calls.at(-1)).toMatchObject({ name: 'sendText', input: { text: 'hello' } });
    client.ws.close();
  });

  it('refuses invalid payloads with a typed invalid_payload error', async () => {
    const client = await open();
    const before = core.calls.length;
    for (const payload of [undefined, {}, { text: '' }, { text: '   ' }, { text: 42 }, { text: 'x'.repeat(20_001) }, 'hello']) {
      const reply = await client.request('sendText', payload);
      expect(failureOf(reply).code).toBe('invalid_payload');
    }
    const extra = await client.request('updateSettings', { notASetting: true });
    expect(failureOf(extra).code).toBe('invalid_payload');
    expect(core.calls.length).toBe(before);
    client.ws.close();
  });

  it('refuses unknown requests', async () => {
    const client = await open();
    for (const name of ['nope', '__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      const reply = await client.request(name);
      expect(failureOf(reply).code, name).toBe('unknown_request');
    }
    client.ws.close();
  });

  it('answers unreadable frames without crashing', async () => {
    const client = await open();
    client.sendRaw('not json');
    const notJson = await client.waitFor((f) => f.id === null);
    expect(failureOf(notJson).code).toBe('invalid_payload');
    client.frames.length = 0;
    client.sendRaw(JSON.stringify({ id: 7, payload: {} }));
    expect(failureOf(await client.waitFor((f) => f.id === 7)).code).toBe('invalid_payload');
    client.sendRaw(JSON.stringify({ id: 8, name: 'getStatus', extra: true }));
    expect(failureOf(await client.waitFor((f) => f.id === 8)).code).toBe('invalid_payload');
    for (const raw of ['null', '[]', '42', '"str"', JSON.stringify({ id: -1, name: 'getStatus' })]) {
      client.frames.length = 0;
      client.sendRaw(raw);
      expect(failureOf(await client.waitFor((f) => f.id === null)).code, raw).toBe('invalid_payload');
    }
    client.frames.length = 0;
    client.sendRaw(Buffer.from([1, 2, 3]));
    expect(failureOf(await client.waitFor((f) => f.id === null)).code).toBe('invalid_payload');
    // Still serving on the same socket.
    expect((await client.request('getStatus')).result).toMatchObject({ ok: true });
    client.ws.close();
  });

  it('turns handler failures and replies outside the contract into failed replies', async () => {
    const client = await open();
    const thrown = await client.request('listVoices');
    expect(failureOf(thrown)).toEqual({ code: 'failed', message: 'voices are unavailable' });
    const cyclic = await client.request('listModels');
    expect(failureOf(cyclic).code).toBe('failed');
    client.ws.close();
  });

  it('closes a socket that sends an oversized frame, and keeps serving others', async () => {
    const client = await open();
    client.sendRaw(JSON.stringify({ id: 1, name: 'sendText', payload: { text: 'x'.repeat(100 * 1024) } }));
    const { code } = await client.closed;
    expect(code).toBe(1009);
    const next = await open();
    expect((await next.request('getStatus')).result).toMatchObject({ ok: true });
    next.ws.close();
  });

  it('refuses a flood of requests beyond the rate limit, answering every one', async () => {
    const limited = await startWebMode({ core: createFakeCore(), staticDir: dir, transport: { requestsPerSecond: 5 } });
    try {
      const client = await open(limited);
      const replies = await Promise.all(Array.from({ length: 60 }, () => client.request('getStatus')));
      const refused = replies.filter((r) => !(r.result as { ok: boolean }).ok);
      expect(refused.length).toBeGreaterThan(0);
      expect(failureOf(refused[0]!).message).toMatch(/too many requests/i);
      expect(replies.length).toBe(60);
      client.ws.close();
    } finally {
      await limited.close();
    }
  });
});

describe('web transport events', () => {
  it('pushes core events to every open page, and stops when a page leaves', async () => {
    const a = await open();
    const b = await open();
    await a.request('sendText', { text: 'hi' });
    for (const client of [a, b]) {
      const frame = await client.waitFor((f) => f.event === 'turn');
      expect(frame.payload).toMatchObject({ id: 't1', text: 'hi' });
    }
    const listeners = core.listenerCount();
    b.ws.close();
    await b.closed;
    await a.request('getStatus'); // let the server process the close
    expect(core.listenerCount()).toBe(listeners - 1);
    a.ws.close();
  });

  it('does not forward names that are not contract events', async () => {
    const client = await open();
    core.emit('notAnEvent', { secret: true });
    core.emit('notice', { message: 'after' });
    await client.waitFor((f) => f.event === 'notice');
    expect(client.frames.some((f) => f.event === 'notAnEvent')).toBe(false);
    client.ws.close();
  });
});

describe('web transport clients', () => {
  it('makes each socket one client of the core, and disconnects it when the socket closes', async () => {
    const held = createFakeCore({ startTalking: () => ({ ok: true }), setMicMonitor: () => ({ ok: true }) });
    const server = await startWebMode({ core: held, staticDir: dir });
    try {
      const a = await open(server);
      const b = await open(server);
      await a.request('startTalking');
      await a.request('setMicMonitor', { on: true, deviceId: 'ALSA:mic' });
      await b.request('getStatus');
      const [first, second, third] = held.calls.map((c) => c.client);
      expect(first).toBe(second);
      expect(third).not.toBe(first);
      expect(held.connected.size).toBe(2);
      a.ws.terminate();
      await a.closed;
      // The core releases what the page held (tests/main/app/requests.test.ts); the transport only says it left.
      await expect.poll(() => held.disconnected, { timeout: 10_000 }).toEqual([first]);
      expect(held.connected).toEqual(new Set([third]));
      b.ws.close();
      await b.closed;
      await expect.poll(() => held.disconnected.length, { timeout: 10_000 }).toBe(2);
    } finally {
      await server.close();
    }
  });

  it('sends no request of its own when a page goes', async () => {
    const held = createFakeCore({ startTalking: () => ({ ok: true }) });
    const server = await startWebMode({ core: held, staticDir: dir });
    try {
      const listenersBefore = held.listenerCount();
      const client = await open(server);
      await client.request('startTalking');
      client.ws.close();
      await client.closed;
      // The page's event subscription ends exactly when the server has handled its close.
      await expect.poll(() => held.listenerCount(), { timeout: 10_000 }).toBe(listenersBefore);
      expect(held.calls.map((c) => c.name)).toEqual(['startTalking']);
    } finally {
      await server.close();
    }
  });
});
