import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../../src/sim';
import type { RunningSimulator } from '../../src/sim';
import { SimClient, appendAll, audioOf, pattern, type Frame } from '../support/sim-client';

let beta: RunningSimulator;
let ga: RunningSimulator;
let slow: RunningSimulator;

beforeAll(async () => {
  beta = await startSimulator({ dialect: 'beta', pace: 0 });
  ga = await startSimulator({ dialect: 'ga', pace: 0 });
  // Real-time pacing so a response is still running when the test acts on it.
  slow = await startSimulator({ dialect: 'beta', pace: 1 });
});
afterAll(async () => {
  await Promise.all([beta.close(), ga.close(), slow.close()]);
});

async function connect(sim: RunningSimulator, session: Record<string, unknown> = {}): Promise<SimClient> {
  const c = await SimClient.connect(sim.url);
  c.send({ type: 'session.update', session: { turn_detection: null, ...session } });
  await c.next('session.updated');
  return c;
}

function sayText(c: SimClient, text: string): void {
  c.send({ type: 'conversation.item.create', item: { type: 'message', role: 'user', content: [{ type: 'input_text', text }] } });
}

/** Collapses runs of one type, so streamed deltas compare as one step. */
function steps(types: string[]): string[] {
  return types.filter((t, i) => t !== types[i - 1]);
}

function deltas(frames: Frame[], type: string): string {
  return frames.filter((f) => f.type === type).map((f) => String(f.delta)).join('');
}

describe('text response', () => {
  it('beta: full event sequence, text deltas joining to the reply, usage on done', async () => {
    const c = await connect(beta, { modalities: ['text'] });
    sayText(c, 'hello there');
    c.send({ type: 'response.create' });
    const done = await c.next('response.done');
    expect(steps(c.typesBetween('response.created', 'response.done'))).toEqual([
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
    expect(deltas(c.frames, 'response.text.delta')).toBe('You said: hello there');
    expect(c.frames.find((f) => f.type === 'response.text.done')).toMatchObject({ text: 'You said: hello there' });
    const created = c.frames.find((f) => f.type === 'response.created');
    expect(created?.response).toMatchObject({ status: 'in_progress', modalities: ['text'] });
    const r = done.response as { status: string; usage: { input_tokens: number; output_tokens: number; total_tokens: number }; output: unknown[] };
    expect(r.status).toBe('completed');
    expect(r.output).toMatchObject([{ role: 'assistant', status: 'completed', content: [{ type: 'text', text: 'You said: hello there' }] }]);
    expect(r.usage.output_tokens).toBeGreaterThan(0);
    expect(r.usage.input_tokens).toBeGreaterThan(0);
    expect(r.usage.total_tokens).toBe(r.usage.input_tokens + r.usage.output_tokens);
    await c.close();
  });

  it('ga: GA names, conversation.item.added/done and output_text parts', async () => {
    const c = await connect(ga, { type: 'realtime', output_modalities: ['text'] });
    sayText(c, 'hi');
    c.send({ type: 'response.create' });
    const done = await c.next('response.done');
    expect(steps(c.typesBetween('response.created', 'response.done'))).toEqual([
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
    expect(deltas(c.frames, 'response.output_text.delta')).toBe('You said: hi');
    expect(done.response).toMatchObject({ status: 'completed', output_modalities: ['text'], output: [{ content: [{ type: 'output_text' }] }] });
    await c.close();
  });
});

describe('audio response', () => {
  it('echoes committed audio byte-exact with a transcript, in ~100 ms chunks', async () => {
    const c = await connect(beta);
    const spoken = pattern(1230, 7);
    appendAll(c, spoken);
    c.send({ type: 'input_audio_buffer.commit' });
    await c.next('input_audio_buffer.committed');
    c.send({ type: 'response.create' });
    await c.next('response.done');
    expect(steps(c.typesBetween('response.created', 'response.done'))).toEqual(
      expect.arrayContaining(['response.audio.done', 'response.audio_transcript.done', 'response.content_part.done']),
    );
    const types = c.types();
    expect(types.indexOf('response.audio.delta')).toBeGreaterThan(types.indexOf('response.content_part.added'));
    expect(types.lastIndexOf('response.audio.delta')).toBeLessThan(types.indexOf('response.audio.done'));
    expect(audioOf(c.frames, 'response.audio.delta').equals(spoken)).toBe(true);
    const chunks = c.frames.filter((f) => f.type === 'response.audio.delta');
    expect(chunks).toHaveLength(13);
    expect(deltas(c.frames, 'response.audio_transcript.delta')).toBe('I heard 1.23 seconds of audio.');
    expect(c.frames.find((f) => f.type === 'response.audio_transcript.done')).toMatchObject({ transcript: 'I heard 1.23 seconds of audio.' });
    await c.close();
  });

  it('ga: the same echo under GA names', async () => {
    const c = await connect(ga);
    const spoken = pattern(400, 3);
    appendAll(c, spoken);
    c.send({ type: 'input_audio_buffer.commit' });
    c.send({ type: 'response.create' });
    const done = await c.next('response.done');
    expect(audioOf(c.frames, 'response.output_audio.delta').equals(spoken)).toBe(true);
    expect(c.types()).toContain('response.output_audio_transcript.done');
    expect(done.response).toMatchObject({ output: [{ content: [{ type: 'output_audio', transcript: 'I heard 0.40 seconds of audio.' }] }] });
    await c.close();
  });

  it('speaks text input as a real tone of 60 ms per character', async () => {
    const c = await connect(beta);
    sayText(c, 'abc');
    c.send({ type: 'response.create' });
    await c.next('response.done');
    const audio = audioOf(c.frames, 'response.audio.delta');
    const reply = 'You said: abc';
    expect(audio.length).toBe(reply.length * 60 * 48);
    let peak = 0;
    for (let i = 0; i < audio.length; i += 2) peak = Math.max(peak, Math.abs(audio.readInt16LE(i)));
    expect(peak).toBeGreaterThan(0.25 * 32767);
    expect(peak).toBeLessThanOrEqual(Math.ceil(0.3 * 32767));
    expect(deltas(c.frames, 'response.audio_transcript.delta')).toBe(reply);
    await c.close();
  });
});

describe('active response', () => {
  it('refuses a second response.create while one runs', async () => {
    const c = await connect(slow);
    sayText(c, 'a fairly long sentence to keep the response busy');
    c.send({ type: 'response.create' });
    await c.next('response.audio.delta');
    c.send({ type: 'response.create', event_id: 'evt_second' });
    const e = await c.next('error');
    expect(e.error).toMatchObject({ code: 'conversation_already_has_active_response', event_id: 'evt_second' });
    c.send({ type: 'response.cancel' });
    await c.next('response.done');
    await c.close();
  });

  it('cancel stops the deltas at once and ends with status cancelled', async () => {
    const c = await connect(slow);
    sayText(c, 'a fairly long sentence to keep the response busy');
    c.send({ type: 'response.create' });
    await c.next('response.audio.delta');
    c.send({ type: 'response.cancel' });
    const done = await c.next('response.done');
    const types = c.types();
    const doneAt = types.indexOf('response.done');
    expect(steps(types.slice(types.lastIndexOf('response.audio.delta') + 1, doneAt + 1)).filter((t) => t !== 'response.audio_transcript.delta')).toEqual([
      'response.audio.done',
      'response.audio_transcript.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.done',
    ]);
    const r = done.response as { status: string; status_details: unknown; output: { status: string }[] };
    expect(r.status).toBe('cancelled');
    expect(r.status_details).toMatchObject({ type: 'cancelled', reason: 'client_cancelled' });
    expect(r.output[0]?.status).toBe('incomplete');
    const total = 'You said: a fairly long sentence to keep the response busy'.length * 60 * 48;
    expect(audioOf(c.frames, 'response.audio.delta').length).toBeLessThan(total);
    // Nothing of the response follows its response.done.
    c.send({ type: 'input_audio_buffer.clear' });
    await c.next('input_audio_buffer.cleared');
    expect(c.types().slice(doneAt + 1)).toEqual(['input_audio_buffer.cleared']);
    await c.close();
  });

  it('cancel with nothing active is response_cancel_not_active', async () => {
    const c = await connect(beta);
    c.send({ type: 'response.cancel', event_id: 'evt_cancel' });
    expect((await c.next('error')).error).toMatchObject({ code: 'response_cancel_not_active', event_id: 'evt_cancel' });
    await c.close();
  });
});

describe('truncate', () => {
  async function finishedAudioItem(): Promise<{ c: SimClient; itemId: string; ms: number }> {
    const c = await connect(beta);
    appendAll(c, pattern(1000, 5));
    c.send({ type: 'input_audio_buffer.commit' });
    c.send({ type: 'response.create' });
    const done = await c.next('response.done');
    const item = (done.response as { output: { id: string }[] }).output[0];
    return { c, itemId: String(item?.id), ms: 1000 };
  }

  it('truncates an assistant audio item and trims its transcript', async () => {
    const { c, itemId } = await finishedAudioItem();
    c.send({ type: 'conversation.item.truncate', item_id: itemId, content_index: 0, audio_end_ms: 400 });
    expect(await c.next('conversation.item.truncated')).toMatchObject({ item_id: itemId, content_index: 0, audio_end_ms: 400 });
    c.send({ type: 'conversation.item.retrieve', item_id: itemId });
    const got = await c.next('conversation.item.retrieved');
    const transcript = (got.item as { content: { transcript: string }[] }).content[0]?.transcript ?? '';
    expect('I heard 1.00 seconds of audio.'.startsWith(transcript)).toBe(true);
    expect(transcript.length).toBeLessThan('I heard 1.00 seconds of audio.'.length);
    // The audio is now 400 ms long: truncating past that fails.
    c.send({ type: 'conversation.item.truncate', item_id: itemId, content_index: 0, audio_end_ms: 401 });
    expect((await c.next('error')).error).toMatchObject({ type: 'invalid_request_error', param: 'audio_end_ms' });
    await c.close();
  });

  it('refuses audio_end_ms beyond the audio, unknown items and user items', async () => {
    const { c, itemId, ms } = await finishedAudioItem();
    c.send({ type: 'conversation.item.truncate', item_id: itemId, content_index: 0, audio_end_ms: ms + 1, event_id: 'evt_long' });
    const long = (await c.next('error')).error as { message: string; event_id: string };
    expect(long.event_id).toBe('evt_long');
    expect(long.message).toMatch(/longer than the item's audio/);
    c.send({ type: 'conversation.item.truncate', item_id: 'item_nope', content_index: 0, audio_end_ms: 0, event_id: 'evt_missing' });
    expect((await c.next('error')).error).toMatchObject({ event_id: 'evt_missing', type: 'invalid_request_error' });
    const userItem = c.frames.find((f) => f.type === 'input_audio_buffer.committed')?.item_id;
    c.send({ type: 'conversation.item.truncate', item_id: userItem, content_index: 0, audio_end_ms: 0, event_id: 'evt_user' });
    expect((await c.next('error')).error).toMatchObject({ event_id: 'evt_user', type: 'invalid_request_error' });
    expect(c.types()).not.toContain('conversation.item.truncated');
    await c.close();
  });
});
