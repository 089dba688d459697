// The `openai` package's own Realtime clients (GA and beta) complete text and audio turns against the
// simulator: evidence that the simulator speaks the protocol as the reference clients understand it.
// Both clients force wss:, so the simulator is served over TLS with a certificate made for this run.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { OpenAIRealtimeWS as BetaRealtimeWS } from 'openai/beta/realtime/ws';
import { OpenAIRealtimeWS } from 'openai/realtime/ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../../src/sim';
import type { RunningSimulator } from '../../src/sim';

const KEY = 'sk-conformance-test';
const WAIT_MS = 20_000;

type Event = { type: string } & Record<string, unknown>;

interface RealtimeLike {
  socket: { on(e: 'open', f: () => void): unknown; on(e: 'close', f: (code: number) => void): unknown; once(e: 'open', f: () => void): unknown };
  on(e: 'event', f: (event: Event) => void): unknown;
  on(e: 'error', f: (err: Error) => void): unknown;
  close(): void;
}

/** Records what a reference client observes and lets the test wait for one event type. */
class Observer {
  readonly events: Event[] = [];
  readonly errors: Error[] = [];
  readonly closed: Promise<number>;
  private waiting: { type: string; from: number; resolve: (e: Event) => void }[] = [];
  private cursor = 0;

  constructor(readonly rt: RealtimeLike) {
    rt.on('event', (e) => {
      this.events.push(e);
      this.waiting = this.waiting.filter((w) => {
        if (e.type !== w.type) return true;
        w.resolve(e);
        return false;
      });
    });
    rt.on('error', (err) => this.errors.push(err));
    this.closed = new Promise((resolve) => rt.socket.on('close', (code) => resolve(code)));
  }

  opened(): Promise<void> {
    return new Promise((resolve) => this.rt.socket.once('open', () => resolve()));
  }

  /** The next event of `type` after the previous one returned. */
  next(type: string): Promise<Event> {
    const i = this.events.findIndex((e, idx) => idx >= this.cursor && e.type === type);
    const settle = (e: Event): Event => {
      this.cursor = this.events.indexOf(e) + 1;
      return e;
    };
    if (i >= 0) return Promise.resolve(settle(this.events[i] as Event));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${type}; saw ${this.types().join(', ')}`)), WAIT_MS);
      this.waiting.push({
        type,
        from: this.cursor,
        resolve: (e) => {
          clearTimeout(timer);
          resolve(settle(e));
        },
      });
    });
  }

  types(): string[] {
    return this.events.map((e) => e.type);
  }

  /** Event types of one response, runs of the same type collapsed. */
  responseSteps(): string[] {
    const types = this.types();
    const slice = types.slice(types.lastIndexOf('response.created'), types.lastIndexOf('response.done') + 1);
    return slice.filter((t, i) => t !== slice[i - 1]);
  }

  joined(type: string): string {
    return this.events.filter((e) => e.type === type).map((e) => String(e.delta)).join('');
  }

  audio(type: string): Buffer {
    return Buffer.concat(this.events.filter((e) => e.type === type).map((e) => Buffer.from(String(e.delta), 'base64')));
  }
}

function pcmPattern(ms: number): Buffer {
  const out = Buffer.alloc(ms * 48);
  for (let i = 0; i < out.length; i += 2) out.writeInt16LE(Math.round(8000 * Math.sin(i / 7) + 3000 * Math.sin(i / 3)), i);
  return out;
}

let dir: string;
let cert: string;
let ga: RunningSimulator;
let beta: RunningSimulator;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sim-tls-'));
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
    '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
  ], { stdio: 'ignore' });
  cert = readFileSync(join(dir, 'cert.pem'), 'utf8');
  const tls = { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert };
  ga = await startSimulator({ dialect: 'ga', requireKey: KEY, tls, pace: 0 });
  beta = await startSimulator({ dialect: 'beta', requireKey: KEY, tls, pace: 0 });
});

afterAll(async () => {
  await Promise.all([ga?.close(), beta?.close()]);
  rmSync(dir, { recursive: true, force: true });
});

function client(sim: RunningSimulator): OpenAI {
  return new OpenAI({ apiKey: KEY, baseURL: `https://127.0.0.1:${sim.port}/v1` });
}

describe('openai/realtime/ws (GA) against the GA simulator', () => {
  it('completes a text turn and an audio turn', async () => {
    const rt = new OpenAIRealtimeWS({ model: 'sim-model', options: { ca: cert } }, client(ga));
    const o = new Observer(rt as unknown as RealtimeLike);
    await o.opened();
    expect((await o.next('session.created')).session).toMatchObject({ type: 'realtime', model: 'sim-model' });

    rt.send({ type: 'session.update', session: { type: 'realtime', output_modalities: ['text'], audio: { input: { turn_detection: null } } } });
    expect((await o.next('session.updated')).session).toMatchObject({ output_modalities: ['text'], audio: { input: { turn_detection: null } } });
    rt.send({ type: 'conversation.item.create', item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'ping' }] } });
    await o.next('conversation.item.added');
    await o.next('conversation.item.done');
    rt.send({ type: 'response.create' });
    const textDone = await o.next('response.done');
    expect(o.responseSteps()).toEqual([
      'response.created',
      'rate_limits.updated',
      'response.output_item.added',
      'conversation.item.added',
      'response.content_part.added',
      'response.output_text.delta',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'conversation.item.done',
      'response.done',
    ]);
    expect(o.joined('response.output_text.delta')).toBe('You said: ping');
    expect(textDone.response).toMatchObject({ status: 'completed' });

    rt.send({ type: 'session.update', session: { type: 'realtime', output_modalities: ['audio'] } });
    await o.next('session.updated');
    const spoken = pcmPattern(700);
    for (let i = 0; i < spoken.length; i += 960) rt.send({ type: 'input_audio_buffer.append', audio: spoken.subarray(i, i + 960).toString('base64') });
    rt.send({ type: 'input_audio_buffer.commit' });
    await o.next('input_audio_buffer.committed');
    rt.send({ type: 'response.create' });
    const audioDone = await o.next('response.done');
    expect(o.responseSteps()).toEqual(
      expect.arrayContaining(['response.output_audio_transcript.delta', 'response.output_audio.delta', 'response.output_audio.done', 'response.output_audio_transcript.done']),
    );
    expect(o.audio('response.output_audio.delta').equals(spoken)).toBe(true);
    expect(o.joined('response.output_audio_transcript.delta')).toBe('I heard 0.70 seconds of audio.');
    expect(audioDone.response).toMatchObject({ status: 'completed', output_modalities: ['audio'] });

    expect(o.errors).toEqual([]);
    rt.close();
    expect(await o.closed).toBe(1000);
    const info = ga.connections().at(-1);
    expect(info?.auth).toBe('bearer');
    expect(JSON.stringify(info?.headers)).not.toContain(KEY);
  });

  it('a wrong key fails the handshake with 401', async () => {
    const bad = new OpenAI({ apiKey: 'sk-wrong', baseURL: `https://127.0.0.1:${ga.port}/v1` });
    const rt = new OpenAIRealtimeWS({ model: 'sim-model', options: { ca: cert } }, bad);
    const o = new Observer(rt as unknown as RealtimeLike);
    await o.closed;
    expect(o.errors.map((e) => e.message).join(' ')).toMatch(/401/);
  });
});

describe('openai/beta/realtime/ws (beta) against the beta simulator', () => {
  it('completes a text turn and an audio turn', async () => {
    const rt = new BetaRealtimeWS({ model: 'sim-model', options: { ca: cert } }, client(beta));
    const o = new Observer(rt as unknown as RealtimeLike);
    await o.opened();
    await o.next('session.created');
    await o.next('conversation.created');

    // The beta typings omit `turn_detection: null`, which the protocol uses for manual turns.
    rt.send({ type: 'session.update', session: { modalities: ['text'], turn_detection: null } } as unknown as Parameters<typeof rt.send>[0]);
    expect((await o.next('session.updated')).session).toMatchObject({ modalities: ['text'], turn_detection: null });
    rt.send({ type: 'conversation.item.create', item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'ping' }] } });
    await o.next('conversation.item.created');
    rt.send({ type: 'response.create' });
    await o.next('response.done');
    expect(o.responseSteps()).toEqual([
      'response.created',
      'rate_limits.updated',
      'response.output_item.added',
      'conversation.item.created',
      'response.content_part.added',
      'response.text.delta',
      'response.text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.done',
    ]);
    expect(o.joined('response.text.delta')).toBe('You said: ping');

    rt.send({ type: 'session.update', session: { modalities: ['text', 'audio'] } });
    await o.next('session.updated');
    const spoken = pcmPattern(500);
    rt.send({ type: 'input_audio_buffer.append', audio: spoken.toString('base64') });
    rt.send({ type: 'input_audio_buffer.commit' });
    await o.next('input_audio_buffer.committed');
    rt.send({ type: 'response.create', response: { modalities: ['audio', 'text'] } });
    const done = await o.next('response.done');
    expect(o.audio('response.audio.delta').equals(spoken)).toBe(true);
    expect(o.joined('response.audio_transcript.delta')).toBe('I heard 0.50 seconds of audio.');
    expect(done.response).toMatchObject({ status: 'completed', output: [{ content: [{ type: 'audio', transcript: 'I heard 0.50 seconds of audio.' }] }] });
    expect(o.errors).toEqual([]);
    rt.close();
    await o.closed;
  });

  it('is refused by the GA simulator with beta_api_shape_disabled and close 4000', async () => {
    const rt = new BetaRealtimeWS({ model: 'sim-model', options: { ca: cert } }, client(ga));
    const o = new Observer(rt as unknown as RealtimeLike);
    expect(await o.closed).toBe(4000);
    expect(o.types()).toEqual(['error']);
    expect(o.errors.map((e) => e.message).join(' ')).toMatch(/beta_api_shape_disabled/);
  });
});
