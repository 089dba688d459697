import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../../src/sim';
import type { RunningSimulator } from '../../src/sim';
import { EnergyVad, rmsThreshold, type VadEvent } from '../../src/sim/vad';
import { SimClient, appendAll, audioOf, silence, sine } from '../support/sim-client';

const settings = { threshold: 0.5, prefix_padding_ms: 300, silence_duration_ms: 500 };

describe('EnergyVad', () => {
  it('maps threshold 0..1 onto -60..-20 dBFS', () => {
    expect(20 * Math.log10(rmsThreshold(0))).toBeCloseTo(-60);
    expect(20 * Math.log10(rmsThreshold(0.5))).toBeCloseTo(-40);
    expect(20 * Math.log10(rmsThreshold(1))).toBeCloseTo(-20);
  });

  it('finds start (with prefix padding) and stop (after the silence duration)', () => {
    const vad = new EnergyVad(settings);
    const events = vad.feed(Buffer.concat([silence(1000), sine(600), silence(800)]));
    expect(events).toEqual([
      { kind: 'start', audioStartMs: 700 },
      { kind: 'stop', audioEndMs: 2100 },
    ]);
  });

  it('stays quiet for silence, soft noise and a lone click', () => {
    const vad = new EnergyVad(settings);
    const click = Buffer.concat([silence(500), sine(20, 300, 0.5), silence(500)]);
    expect(vad.feed(Buffer.concat([silence(2000), sine(500, 300, 0.001), click]))).toEqual([]);
  });

  it('a higher threshold ignores a quieter voice', () => {
    const quiet = Buffer.concat([silence(200), sine(400, 300, 0.02), silence(800)]);
    expect(new EnergyVad(settings).feed(quiet).map((e) => e.kind)).toEqual(['start', 'stop']);
    expect(new EnergyVad({ ...settings, threshold: 0.9 }).feed(quiet)).toEqual([]);
  });

  it('gives the same events however the audio is split into appends', () => {
    const audio = Buffer.concat([silence(300), sine(500), silence(600), sine(300), silence(700)]);
    const whole = new EnergyVad(settings).feed(audio);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 4000 }), { maxLength: 40 }), (cuts) => {
        const vad = new EnergyVad(settings);
        const events: VadEvent[] = [];
        let at = 0;
        for (const samples of cuts) {
          events.push(...vad.feed(audio.subarray(at, at + samples * 2)));
          at = Math.min(audio.length, at + samples * 2);
        }
        events.push(...vad.feed(audio.subarray(at)));
        expect(events).toEqual(whole);
      }),
      { numRuns: 60 },
    );
  });
});

describe('server VAD over the socket', () => {
  let fast: RunningSimulator;
  let slow: RunningSimulator;
  beforeAll(async () => {
    fast = await startSimulator({ pace: 0 });
    slow = await startSimulator({ pace: 1 });
  });
  afterAll(async () => {
    await Promise.all([fast.close(), slow.close()]);
  });

  it('silence + tone + silence: speech_started, speech_stopped, committed, item, automatic echo response', async () => {
    const c = await SimClient.connect(fast.url);
    await c.next('session.created');
    const spoken = Buffer.concat([silence(1000), sine(800), silence(1000)]);
    appendAll(c, spoken);
    const started = await c.next('input_audio_buffer.speech_started');
    const stopped = await c.next('input_audio_buffer.speech_stopped');
    const committed = await c.next('input_audio_buffer.committed');
    const created = await c.next('conversation.item.created');
    await c.next('response.created');
    await c.next('response.done');
    const startMs = Number(started.audio_start_ms);
    const endMs = Number(stopped.audio_end_ms);
    expect(startMs).toBeGreaterThanOrEqual(660);
    expect(startMs).toBeLessThanOrEqual(720);
    expect(endMs).toBeGreaterThanOrEqual(2280);
    expect(endMs).toBeLessThanOrEqual(2360);
    expect(stopped.item_id).toBe(started.item_id);
    expect(committed.item_id).toBe(started.item_id);
    expect((created.item as { id: string }).id).toBe(started.item_id);
    const echoed = audioOf(c.frames, 'response.audio.delta');
    expect(echoed.equals(spoken.subarray(startMs * 48, endMs * 48))).toBe(true);
    await c.close();
  });

  it('create_response false commits without a response', async () => {
    const c = await SimClient.connect(fast.url);
    c.send({ type: 'session.update', session: { turn_detection: { type: 'server_vad', create_response: false } } });
    await c.next('session.updated');
    appendAll(c, Buffer.concat([silence(400), sine(400), silence(700)]));
    await c.next('input_audio_buffer.committed');
    c.send({ type: 'input_audio_buffer.clear' });
    await c.next('input_audio_buffer.cleared');
    expect(c.types()).not.toContain('response.created');
    await c.close();
  });

  it('speech during a response cancels it when interrupt_response is on', async () => {
    const c = await SimClient.connect(slow.url);
    c.send({ type: 'conversation.item.create', item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'a long enough sentence to talk over, with a second clause so the reply lasts several seconds' }] } });
    c.send({ type: 'response.create' });
    await c.next('response.audio.delta');
    appendAll(c, sine(200));
    await c.next('input_audio_buffer.speech_started');
    const done = await c.next('response.done');
    expect(done.response).toMatchObject({ status: 'cancelled', status_details: { reason: 'turn_detected' } });
    await c.close();
  });

  it('speech during a response leaves it running when interrupt_response is off', async () => {
    const c = await SimClient.connect(slow.url);
    c.send({ type: 'session.update', session: { turn_detection: { type: 'server_vad', interrupt_response: false, create_response: false } } });
    c.send({ type: 'conversation.item.create', item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'short' }] } });
    c.send({ type: 'response.create' });
    await c.next('response.audio.delta');
    appendAll(c, sine(200));
    await c.next('input_audio_buffer.speech_started');
    const done = await c.next('response.done');
    expect(done.response).toMatchObject({ status: 'completed' });
    await c.close();
  });

  it('turn_detection null disables VAD', async () => {
    const c = await SimClient.connect(fast.url);
    c.send({ type: 'session.update', session: { turn_detection: null } });
    appendAll(c, Buffer.concat([silence(300), sine(500), silence(800)]));
    c.send({ type: 'input_audio_buffer.commit' });
    await c.next('input_audio_buffer.committed');
    expect(c.types()).not.toContain('input_audio_buffer.speech_started');
    await c.close();
  });
});
