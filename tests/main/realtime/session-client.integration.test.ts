// SessionClient against the protocol simulator over real sockets: turns, errors, auth modes, dialects.
import { afterEach, describe, expect, it } from 'vitest';
import { SessionClient } from '../../../src/main/realtime/session-client';
import type { AuthMode, SessionClientOptions } from '../../../src/main/realtime/types';
import type { DialectSetting, SessionConfig } from '../../../src/shared/protocol/events';
import { startSimulator } from '../../../src/sim/index';
import type { RunningSimulator, SimulatorOptions } from '../../../src/sim/index';
import { track } from '../../support/track';
import { chunks20ms, nextEvent, nextResponse, testPcm16 } from '../../support/turn';
import { waitForEvent } from '../../support/wait';

const KEY = 'sk-sim-Integration_Key_5150';
const TEXT_SESSION: SessionConfig = { modalities: ['text'], turn_detection: null };
const AUDIO_SESSION: SessionConfig = { modalities: ['audio', 'text'], voice: 'alloy', turn_detection: null };

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

function client(s: RunningSimulator, options: Partial<SessionClientOptions> = {}): SessionClient {
  const c = new SessionClient({ endpoint: s.url, apiKey: KEY, session: TEXT_SESSION, reconnect: { minDelayMs: 20, maxDelayMs: 100 }, ...options });
  cleanups.push(() => c.close());
  return c;
}

async function textTurn(c: SessionClient, text: string) {
  const done = nextResponse(c);
  c.sendText(text);
  c.createResponse();
  return done;
}

describe('SessionClient × simulator: turns', () => {
  it('text turn: deltas assemble the reply and response.done completes it', async () => {
    const c = client(await sim());
    await c.connect();
    const r = await textTurn(c, 'how are you?');
    expect(r.text).toBe('You said: how are you?');
    expect(r.response.status).toBe('completed');
    expect(r.events.at(-1)?.type).toBe('response.done');
  });

  it('audio turn: pcm16 appended in 20 ms chunks comes back byte-exact', async () => {
    const s = await sim();
    const c = client(s, { session: AUDIO_SESSION });
    await c.connect();
    const pcm = testPcm16(1000);
    const committed = nextEvent(c, 'input_audio_buffer.committed');
    const chunks = chunks20ms(pcm);
    for (const chunk of chunks) c.appendAudio(chunk);
    c.commitAudio();
    await committed;
    const done = nextResponse(c);
    c.createResponse();
    const r = await done;
    expect(r.response.status).toBe('completed');
    expect(r.audio.length).toBe(pcm.length);
    expect(Buffer.from(r.audio).equals(Buffer.from(pcm))).toBe(true);
    expect(r.transcript).toBe('I heard 1.00 seconds of audio.');
    expect(s.connections()[0]!.received.filter((e) => e.type === 'input_audio_buffer.append')).toHaveLength(chunks.length);
  });

  it('a commit under 100 ms is a recoverable server error; the session stays open', async () => {
    const c = client(await sim(), { session: AUDIO_SESSION });
    const t = track(c);
    await c.connect();
    const reported = waitForEvent(c, 'server-error');
    c.appendAudio(testPcm16(40));
    const commitId = c.commitAudio();
    await reported;
    expect(t.serverErrors).toHaveLength(1);
    expect(t.serverErrors[0]).toMatchObject({ code: 'input_audio_buffer_commit_empty', event_id: commitId });
    expect(c.state).toBe('open');
    expect(t.errors).toEqual([]);
    const r = await textTurn(c, 'still there?');
    expect(r.transcript).toBe('You said: still there?');
  });

  it('cancel: response.done arrives with status cancelled', async () => {
    const c = client(await sim({ pace: 1 }));
    await c.connect();
    const done = nextResponse(c);
    const firstDelta = nextEvent(c, 'response.text.delta');
    c.sendText('please say something rather long so that there is time to interrupt it');
    c.createResponse();
    await firstDelta;
    c.cancelResponse();
    const r = await done;
    expect(r.response.status).toBe('cancelled');
    expect(r.text.length).toBeLessThan('You said: please say something rather long so that there is time to interrupt it'.length);
  });

  it('truncate: the server confirms conversation.item.truncated for the assistant item', async () => {
    const c = client(await sim(), { session: AUDIO_SESSION });
    await c.connect();
    const r = await textTurn(c, 'play me something');
    expect(r.outputItemId).toBeTruthy();
    const truncated = nextEvent(c, 'conversation.item.truncated');
    c.truncate(r.outputItemId!, 250);
    expect(await truncated).toMatchObject({ type: 'conversation.item.truncated', item_id: r.outputItemId, content_index: 0, audio_end_ms: 250 });
  });

  it('createItem with previous_item_id inserts after that item', async () => {
    const s = await sim();
    const c = client(s);
    await c.connect();
    const created = nextEvent(c, 'conversation.item.created');
    c.createItem({ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'first' }] });
    const first = await created;
    expect(first.item.id).toBeTruthy();
    const second = nextEvent(c, 'conversation.item.created');
    c.sendText('second');
    await second;
    // Inserted after the first item, not appended after the second.
    const third = nextEvent(c, 'conversation.item.created');
    const id = c.createItem({ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'third' }] }, first.item.id);
    expect((await third).previous_item_id).toBe(first.item.id);
    expect(s.connections()[0]!.received.find((e) => e.event_id === id)).toMatchObject({ previous_item_id: first.item.id });
  });
});

describe('SessionClient × simulator: frames it cannot read', () => {
  it('malformed and unknown frames are protocol errors; the next turn still works', async () => {
    const s = await sim();
    const c = client(s);
    const t = track(c);
    await c.connect();
    const two = waitForEvent(c, 'protocol-error', () => t.protocolErrors.length === 2);
    s.inject({ kind: 'malformed-frame' });
    s.inject({ kind: 'unknown-event' });
    await two;
    expect(t.protocolErrors.map((e) => e.code).sort()).toEqual(['invalid_json', 'unknown_event']);
    expect(c.state).toBe('open');
    expect((await textTurn(c, 'ok?')).text).toBe('You said: ok?');
    expect(t.errors).toEqual([]);
  });
});

describe('SessionClient × simulator: auth modes', () => {
  it.each(['query', 'bearer', 'subprotocol'] as AuthMode[])('%s auth reaches the server as that mode', async (auth) => {
    const s = await sim();
    const c = client(s, { auth });
    await c.connect();
    expect(s.connections()[0]!.auth).toBe(auth);
    expect((await textTurn(c, auth)).text).toBe(`You said: ${auth}`);
  });
});

describe('SessionClient × simulator: dialects', () => {
  const cases: [SimulatorOptions['dialect'], DialectSetting][] = [
    ['beta', 'auto'],
    ['ga', 'auto'],
    ['beta', 'beta'],
    ['ga', 'ga'],
  ];
  it.each(cases)('simulator %s, client %s: detected and a text turn works', async (simDialect, clientDialect) => {
    const s = await sim({ dialect: simDialect });
    const c = client(s, { dialect: clientDialect });
    const t = track(c);
    await c.connect();
    expect(c.dialect).toBe(simDialect);
    expect(t.dialects).toEqual([simDialect]);
    expect((await textTurn(c, 'dialect check')).text).toBe('You said: dialect check');
    const update = s.connections()[0]!.received[0]!;
    expect(update.type).toBe('session.update');
    expect((update.session as Record<string, unknown>).type).toBe(simDialect === 'ga' ? 'realtime' : undefined);
  });

  it('audio turn in GA: deltas arrive under the GA names and are still byte-exact', async () => {
    const s = await sim({ dialect: 'ga' });
    const c = client(s, { session: AUDIO_SESSION });
    await c.connect();
    const pcm = testPcm16(300);
    for (const chunk of chunks20ms(pcm)) c.appendAudio(chunk);
    const done = nextResponse(c);
    c.commitAudio();
    c.createResponse();
    const r = await done;
    expect(Buffer.from(r.audio).equals(Buffer.from(pcm))).toBe(true);
  });

  it('forced beta on a GA-only server switches to GA once and works', async () => {
    const s = await sim({ dialect: 'ga' });
    const c = client(s, { dialect: 'beta' });
    const t = track(c);
    await c.connect();
    expect(c.dialect).toBe('ga');
    expect(t.dialects).toEqual(['ga']);
    expect(s.connections()).toHaveLength(2);
    expect((await textTurn(c, 'switched')).text).toBe('You said: switched');
    expect(t.errors).toEqual([]);
  });
});
