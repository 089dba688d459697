// The session client against a server that echoes the key in every way a server can: what the client
// emits ('event', 'server-error', 'error', 'protocol-error', rejections) never holds it.
import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SessionClient } from '../../../src/main/realtime/session-client';
import { containsSecret, redactKey } from '../../../src/main/realtime/redact';
import type { SessionError } from '../../../src/main/realtime/types';
import type { ServerEvent } from '../../../src/shared/protocol/events';
import { betaSessionCreated, errorEvent, startScriptedServer } from '../../support/scripted-server';
import type { ScriptedConnection, ScriptedServer } from '../../support/scripted-server';
import { pieces, spelled } from '../../support/key-spellings';
import { rejectionOf, track } from '../../support/track';
import type { Tracked } from '../../support/track';
import { waitForEvent, waitUntil } from '../../support/wait';

const KEY = 'sk-proj-Echo9Me_0123456789abcdef';
const escapedKey = KEY.split('').map((c, i) => (i % 3 === 0 ? c : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)).join('');
const encodedKey = [...Buffer.from(KEY)].map((b) => `%${b.toString(16).toUpperCase()}`).join('');

let cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

async function session(onConnection?: (c: ScriptedConnection) => void): Promise<{ s: ScriptedServer; c: SessionClient; t: Tracked }> {
  const s = await startScriptedServer({ onConnection: onConnection ?? ((conn) => conn.sendJson(betaSessionCreated(`s${conn.index}`))) });
  cleanups.push(() => s.close());
  const c = new SessionClient({ endpoint: s.url, apiKey: KEY, auth: 'query', reconnect: { retries: 1, minDelayMs: 20, maxDelayMs: 40 }, connectTimeoutMs: 5_000 });
  cleanups.push(() => c.close());
  return { s, c, t: track(c) };
}

function expectKeyFree(t: Tracked): void {
  const all = t.everything();
  expect(all).not.toContain(KEY);
  expect(containsSecret(all, KEY)).toBe(false);
}

const ref = (item: string) => ({ response_id: 'resp_1', item_id: item, output_index: 0, content_index: 0 });

describe('SessionClient: a server that echoes the key', () => {
  it('keeps a JSON-escaped or URL-encoded key out of events and server errors', async () => {
    const { s, c, t } = await session();
    await c.connect();
    const conn = s.connections[0]!;
    conn.ws.send(`{"type":"error","error":{"type":"invalid_request_error","code":"bad_param","message":"Unknown key ${escapedKey}","param":"api_key=${encodedKey}"}}`);
    await waitForEvent(c, 'server-error');
    expect(t.serverErrors).toEqual([{ type: 'invalid_request_error', code: 'bad_param', message: 'Unknown key ***', param: 'api_key=***' }]);
    expect(t.events.at(-1)).toEqual({ type: 'error', error: t.serverErrors[0] });
    expectKeyFree(t);
  });

  it('keeps it out of the fatal auth error and the rejected connect()', async () => {
    const { c, t } = await session((conn) => conn.ws.send(JSON.stringify(errorEvent('invalid_api_key', 'KEY is wrong')).replace('KEY', escapedKey)));
    const error = await rejectionOf(c.connect());
    expect(error.kind).toBe('auth');
    expect(error.message).toContain('*** is wrong');
    expect(JSON.stringify(error)).not.toContain(KEY);
    expectKeyFree(t);
  });

  it('keeps it out of a protocol error excerpt, even where the excerpt would cut it', async () => {
    const { s, c, t } = await session();
    await c.connect();
    s.connections[0]!.ws.send(`${'x'.repeat(190)} ${KEY} is not JSON`);
    s.connections[0]!.ws.send(`{"type":"response.text.delta","delta": "${escapedKey}"`);
    await waitUntil(() => t.protocolErrors.length === 2);
    expect(t.protocolErrors.map((e) => e.code)).toEqual(['invalid_json', 'invalid_json']);
    expectKeyFree(t);
  });

  it('keeps it out of close reasons, before and after the session started', async () => {
    const before = await session((conn) => conn.ws.close(4001, `bad ${escapedKey}`.slice(0, 120)));
    const early = await rejectionOf(before.c.connect());
    expect(early.message).toMatch(/closed the connection before the session started \(code 4001: bad \*\*\*\)/);
    expectKeyFree(before.t);

    const after = await session();
    await after.c.connect();
    after.s.connections[0]!.ws.close(4000, `no ${encodedKey.slice(0, 100)}`);
    const [dropped] = await waitForEvent<[SessionError]>(after.c, 'error');
    expect(dropped.message).toMatch(/ended the session \(close code 4000: no \*\*\*\)/);
    expectKeyFree(after.t);
  });

  it('releases a held start of the key when the socket drops, before the state says so', async () => {
    const { s, c } = await session();
    await c.connect();
    const seen: string[] = [];
    c.on('event', (e) => seen.push(e.type === 'response.text.delta' ? `delta:${e.delta}` : e.type));
    c.on('state', (state) => seen.push(`state:${state}`));
    s.connections[0]!.sendJson({ type: 'response.text.delta', ...ref('item_1'), delta: 'almost sk-pro' });
    await waitForEvent<[ServerEvent]>(c, 'event', (e) => e.type === 'response.text.delta');
    s.connections[0]!.ws.close(1011, 'server error');
    await waitForEvent<[string]>(c, 'state', (state) => state === 'reconnecting');
    expect(seen).toEqual(['delta:almost ', 'delta:sk-pro', 'state:reconnecting']);
  });

  it('never lets a key out of text and transcript deltas, split anywhere and escaped any JSON way (property)', async () => {
    const { s, c, t } = await session();
    await c.connect();
    const conn = s.connections[0]!;
    const text = fc
      .tuple(fc.string({ maxLength: 12 }), spelled(KEY), fc.string({ maxLength: 12 }), fc.constantFrom('', KEY.slice(0, 9)))
      .map((parts) => parts.join(''));
    const jsonEscapes = fc.array(fc.boolean(), { minLength: 200, maxLength: 200 });
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        text.chain((x) => fc.tuple(fc.constant(x), pieces(x), jsonEscapes, fc.boolean())),
        async ([full, parts, escapes, transcript]) => {
          const item = `item_${run++}`;
          const type = transcript ? 'response.audio_transcript.delta' : 'response.text.delta';
          let at = 0;
          for (const part of parts) {
            // Each delta is its own JSON string: any of its characters may be written as \uXXXX.
            const body = part
              .split('')
              .map((ch) => (escapes[at++ % escapes.length] ? `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}` : JSON.stringify(ch).slice(1, -1)))
              .join('');
            conn.ws.send(`{"type":"${type}","response_id":"resp_1","item_id":"${item}","output_index":0,"content_index":0,"delta":"${body}"}`);
          }
          const doneType = transcript ? 'response.audio_transcript.done' : 'response.text.done';
          conn.sendJson({ type: doneType, ...ref(item), [transcript ? 'transcript' : 'text']: full });
          await waitForEvent<[ServerEvent]>(c, 'event', (e) => e.type === doneType && e.item_id === item);
          const mine = t.events.filter((e): e is Extract<ServerEvent, { delta: string }> => 'item_id' in e && e.item_id === item && 'delta' in e);
          expect(mine.map((e) => e.delta).join('')).toBe(redactKey(full, KEY));
        },
      ),
      { numRuns: 40 },
    );
    expectKeyFree(t);
  });
});
