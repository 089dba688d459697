// Web mode's frames fuzzed: the pure parsers take the bulk of the cases; a live transport on loopback
// takes a few hundred frames and must answer each readable request once, never crash, and stay usable.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { WebSocketServer } from 'ws';
import { REQUEST_NAMES, EVENT_NAMES } from '../../src/shared/ipc/contract';
import { parseServerFrame, requestFrameSchema } from '../../src/shared/ipc/frames';
import { serveWebSocket } from '../../src/main/web/transport';
import { createFakeCore, type FakeCore } from '../support/fake-core';
import { connect, type TestClient } from '../support/ws-test-client';

const json = fc.jsonValue({ maxDepth: 4 });
const frameLike = fc.record(
  {
    id: fc.oneof(fc.nat(), fc.integer(), fc.double(), fc.constant(null), fc.string({ maxLength: 5 })),
    name: fc.oneof(fc.constantFrom(...REQUEST_NAMES), fc.string({ maxLength: 120 })),
    event: fc.oneof(fc.constantFrom(...EVENT_NAMES), fc.string({ maxLength: 20 })),
    payload: json,
    result: fc.oneof(json, fc.record({ ok: fc.boolean(), value: json, error: json }, { requiredKeys: ['ok'] })),
  },
  { requiredKeys: [] },
);
const text = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 300 }), json.map((v) => JSON.stringify(v)), frameLike.map((v) => JSON.stringify(v)));

function parseOrUndefined(frame: string): unknown {
  try {
    return JSON.parse(frame);
  } catch {
    return undefined;
  }
}

describe('web frame parsers (pure)', () => {
  it('read arbitrary text and JSON frames without throwing', () => {
    fc.assert(
      fc.property(text, (frame) => {
        const read = parseServerFrame(frame);
        if (read !== null) expect('result' in read || 'event' in read).toBe(true);
        requestFrameSchema.safeParse(parseOrUndefined(frame));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('web transport (live, loopback)', () => {
  let server: WebSocketServer;
  let core: FakeCore;
  let client: TestClient;

  beforeAll(async () => {
    core = createFakeCore();
    server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    // The rate limit is not what is under test here, so it is set out of reach.
    server.on('connection', (socket) => serveWebSocket(socket, core, { requestsPerSecond: 1_000_000, maxInFlight: 1_000 }));
    await new Promise((resolve) => server.once('listening', resolve));
    const { port } = server.address() as { port: number };
    const outcome = await connect(`ws://127.0.0.1:${port}/`);
    if (!outcome.opened) throw new Error(`upgrade refused with ${outcome.status}`);
    client = outcome.client;
  });

  afterAll(async () => {
    client.ws.close();
    await new Promise((resolve) => server.close(resolve));
  });

  it('answers every frame, with its id when it has a readable one, and keeps serving', async () => {
    const frames = fc.sample(text, { numRuns: 300 });
    const sent = client.frames.length;
    for (const frame of frames) client.sendRaw(frame);
    client.sendRaw(Buffer.from([0, 1, 2]));
    // Replies to dispatched requests come back in any order, so the last check is one id no fuzz frame uses.
    const last = Number.MAX_SAFE_INTEGER;
    client.sendRaw(JSON.stringify({ id: last, name: 'getStatus' }));
    expect(await client.waitFor((f) => f.id === last)).toMatchObject({ result: { ok: true } });
    await client.waitFor(() => client.frames.length >= sent + frames.length + 2);
    const replies = client.frames.slice(sent);
    expect(replies).toHaveLength(frames.length + 2);
    for (const reply of replies) expect(parseServerFrame(JSON.stringify(reply))).not.toBeNull();
    const replyIds = new Set(replies.map((r) => r.id));
    for (const frame of frames) {
      const request = requestFrameSchema.safeParse(parseOrUndefined(frame));
      if (request.success) expect(replyIds.has(request.data.id)).toBe(true);
    }
    expect(core.connected.size).toBe(1);
  });
});
