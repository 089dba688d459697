import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../../src/sim';
import type { RunningSimulator } from '../../src/sim';
import { SimClient, appendAll, pattern } from '../support/sim-client';

let beta: RunningSimulator;
let ga: RunningSimulator;

beforeAll(async () => {
  beta = await startSimulator({ dialect: 'beta', pace: 0 });
  ga = await startSimulator({ dialect: 'ga', pace: 0 });
});
afterAll(async () => {
  await Promise.all([beta.close(), ga.close()]);
});

const manual = { type: 'session.update', session: { turn_detection: null } };

describe('session.created', () => {
  it('beta: flat default session, then conversation.created', async () => {
    const c = await SimClient.connect(`${beta.url}?model=test-model`);
    const created = await c.next('session.created');
    const s = created.session as Record<string, unknown>;
    expect(String(s.id)).toMatch(/^sess_/);
    expect(s).toMatchObject({
      model: 'test-model',
      modalities: ['text', 'audio'],
      voice: 'alloy',
      input_audio_format: 'pcm16',
      output_audio_format: 'pcm16',
      input_audio_transcription: null,
      turn_detection: { type: 'server_vad', threshold: 0.5, prefix_padding_ms: 300, silence_duration_ms: 500, create_response: true, interrupt_response: true },
    });
    expect(String(created.event_id)).toMatch(/^event_/);
    await c.next('conversation.created');
    expect(c.types().slice(0, 2)).toEqual(['session.created', 'conversation.created']);
    await c.close();
  });

  it('ga: nested session and no conversation.created', async () => {
    const c = await SimClient.connect(ga.url);
    const s = (await c.next('session.created')).session as Record<string, unknown>;
    expect(s).toMatchObject({
      type: 'realtime',
      output_modalities: ['audio'],
      audio: {
        input: {
          format: { type: 'audio/pcm', rate: 24000 },
          transcription: null,
          turn_detection: { type: 'server_vad', threshold: 0.5, silence_duration_ms: 500 },
        },
        output: { format: { type: 'audio/pcm', rate: 24000 }, voice: 'alloy' },
      },
    });
    expect(s).not.toHaveProperty('modalities');
    expect(s).not.toHaveProperty('voice');
    // Any later frame proves conversation.created would have arrived by now.
    c.send({ type: 'input_audio_buffer.clear' });
    await c.next('input_audio_buffer.cleared');
    expect(c.types()).not.toContain('conversation.created');
    await c.close();
  });
});

describe('session.update', () => {
  it('beta: merges and echoes the full flat session', async () => {
    const c = await SimClient.connect(beta.url);
    c.send({ type: 'session.update', session: { voice: 'echo', instructions: 'Be brief.', turn_detection: { type: 'server_vad', silence_duration_ms: 800 } } });
    const s = (await c.next('session.updated')).session as Record<string, unknown>;
    expect(s).toMatchObject({
      voice: 'echo',
      instructions: 'Be brief.',
      modalities: ['text', 'audio'],
      turn_detection: { type: 'server_vad', silence_duration_ms: 800, threshold: 0.5, prefix_padding_ms: 300 },
    });
    c.send({ type: 'session.update', session: { modalities: ['text'], turn_detection: null } });
    const s2 = (await c.next('session.updated')).session as Record<string, unknown>;
    expect(s2).toMatchObject({ voice: 'echo', modalities: ['text'], turn_detection: null });
    await c.close();
  });

  it('ga: merges nested fields and echoes the GA shape', async () => {
    const c = await SimClient.connect(ga.url);
    c.send({
      type: 'session.update',
      session: { type: 'realtime', output_modalities: ['text'], audio: { output: { voice: 'marin' }, input: { turn_detection: null, transcription: { model: 'whisper-1' } } } },
    });
    const s = (await c.next('session.updated')).session as Record<string, unknown>;
    expect(s).toMatchObject({
      output_modalities: ['text'],
      audio: { input: { turn_detection: null, transcription: { model: 'whisper-1' }, format: { type: 'audio/pcm' } }, output: { voice: 'marin' } },
    });
    await c.close();
  });

  it('rejects wrong types with invalid_request_error echoing event_id', async () => {
    const c = await SimClient.connect(beta.url);
    c.send({ type: 'session.update', event_id: 'evt_bad_1', session: { voice: 42 } });
    const e = await c.next('error');
    expect(e.error).toMatchObject({ type: 'invalid_request_error', param: 'session.voice', event_id: 'evt_bad_1' });
    c.send({ type: 'session.update', session: { turn_detection: { type: 'server_vad', threshold: 'high' } } });
    expect((await c.next('error')).error).toMatchObject({ param: 'session.turn_detection.threshold' });
    expect(c.types()).not.toContain('session.updated');
    await c.close();
  });

  it('keeps the voice once the assistant has spoken', async () => {
    const c = await SimClient.connect(beta.url);
    c.send({ type: 'conversation.item.create', item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'hi' }] } });
    c.send({ type: 'response.create' });
    await c.next('response.done');
    c.send({ type: 'session.update', event_id: 'evt_voice', session: { voice: 'shimmer' } });
    expect((await c.next('error')).error).toMatchObject({ event_id: 'evt_voice', param: 'session.voice' });
    await c.close();
  });
});

describe('input audio buffer', () => {
  it('refuses a commit of less than 100 ms', async () => {
    const c = await SimClient.connect(beta.url);
    c.send(manual);
    appendAll(c, pattern(80));
    c.send({ type: 'input_audio_buffer.commit', event_id: 'evt_commit' });
    const e = await c.next('error');
    expect(e.error).toMatchObject({ type: 'invalid_request_error', code: 'input_audio_buffer_commit_empty', event_id: 'evt_commit' });
    expect(c.types()).not.toContain('input_audio_buffer.committed');
    await c.close();
  });

  it('beta: commit gives committed then a user item with input_audio, then the transcription when enabled', async () => {
    const c = await SimClient.connect(beta.url);
    c.send({ type: 'session.update', session: { turn_detection: null, input_audio_transcription: { model: 'whisper-1' } } });
    await c.next('session.updated');
    appendAll(c, pattern(1250));
    c.send({ type: 'input_audio_buffer.commit' });
    const committed = await c.next('input_audio_buffer.committed');
    const created = await c.next('conversation.item.created');
    const transcribed = await c.next('conversation.item.input_audio_transcription.completed');
    expect(created.item).toMatchObject({ id: committed.item_id, type: 'message', role: 'user', content: [{ type: 'input_audio', transcript: null }] });
    expect(committed.previous_item_id).toBeNull();
    expect(transcribed).toMatchObject({ item_id: committed.item_id, transcript: '1.25 seconds of audio' });
    expect(c.types()).not.toContain('conversation.item.done');
    await c.close();
  });

  it('ga: commit gives conversation.item.added then conversation.item.done', async () => {
    const c = await SimClient.connect(ga.url);
    c.send(manual);
    appendAll(c, pattern(200));
    c.send({ type: 'input_audio_buffer.commit' });
    const committed = await c.next('input_audio_buffer.committed');
    const added = await c.next('conversation.item.added');
    const done = await c.next('conversation.item.done');
    expect(added.item).toMatchObject({ id: committed.item_id, role: 'user', content: [{ type: 'input_audio', transcript: null }] });
    expect(done.item).toMatchObject({ id: committed.item_id });
    expect(c.types()).not.toContain('conversation.item.input_audio_transcription.completed');
    await c.close();
  });

  it('clear empties the buffer and invalid base64 is an error', async () => {
    const c = await SimClient.connect(beta.url);
    c.send(manual);
    appendAll(c, pattern(300));
    c.send({ type: 'input_audio_buffer.clear' });
    await c.next('input_audio_buffer.cleared');
    c.send({ type: 'input_audio_buffer.commit' });
    expect((await c.next('error')).error).toMatchObject({ code: 'input_audio_buffer_commit_empty' });
    c.send({ type: 'input_audio_buffer.append', audio: 'not base64!', event_id: 'evt_b64' });
    expect((await c.next('error')).error).toMatchObject({ param: 'audio', event_id: 'evt_b64' });
    await c.close();
  });
});

describe('conversation items', () => {
  it('creates, chains and deletes items; unknown ids are errors', async () => {
    const c = await SimClient.connect(beta.url);
    const text = (t: string) => ({ type: 'message', role: 'user', content: [{ type: 'input_text', text: t }] });
    c.send({ type: 'conversation.item.create', item: text('one') });
    const first = await c.next('conversation.item.created');
    c.send({ type: 'conversation.item.create', item: text('two') });
    const second = await c.next('conversation.item.created');
    const firstId = (first.item as { id: string }).id;
    expect(second.previous_item_id).toBe(firstId);
    c.send({ type: 'conversation.item.delete', item_id: firstId });
    expect(await c.next('conversation.item.deleted')).toMatchObject({ item_id: firstId });
    c.send({ type: 'conversation.item.delete', item_id: firstId, event_id: 'evt_del' });
    expect((await c.next('error')).error).toMatchObject({ type: 'invalid_request_error', event_id: 'evt_del' });
    await c.close();
  });
});

describe('bad client frames', () => {
  it('answers invalid JSON and unknown types with errors and keeps the socket open', async () => {
    const c = await SimClient.connect(beta.url);
    c.ws.send('{nope');
    expect((await c.next('error')).error).toMatchObject({ type: 'invalid_request_error', code: 'invalid_json' });
    c.send({ type: 'made.up', event_id: 'evt_unknown' });
    expect((await c.next('error')).error).toMatchObject({ code: 'unknown_event', event_id: 'evt_unknown' });
    c.send({ type: 'input_audio_buffer.clear' });
    await c.next('input_audio_buffer.cleared');
    expect(c.ws.readyState).toBe(c.ws.OPEN);
    await c.close();
  });
});
