import { describe, expect, it } from 'vitest';
import type { Turn } from '../../../src/shared/domain';
import type { ServerEvent } from '../../../src/shared/protocol/events';
import { ConversationModel } from '../../../src/main/assistant/conversation-model';

const ref = { response_id: 'resp_1', item_id: 'item_a', output_index: 0, content_index: 0 };

function replyEvents(kind: 'text' | 'audio', pieces: string[], audioB64: string[] = []): ServerEvent[] {
  const events: ServerEvent[] = [
    { type: 'response.created', response: { id: 'resp_1', status: 'in_progress' } },
    { type: 'response.output_item.added', response_id: 'resp_1', output_index: 0, item: { id: 'item_a', type: 'message', role: 'assistant', content: [] } },
    { type: 'response.content_part.added', ...ref, part: kind === 'audio' ? { type: 'audio', transcript: '' } : { type: 'text', text: '' } },
  ];
  pieces.forEach((delta, i) => {
    if (kind === 'audio' && audioB64[i] !== undefined) events.push({ type: 'response.audio.delta', ...ref, delta: audioB64[i]! });
    events.push(kind === 'audio' ? { type: 'response.audio_transcript.delta', ...ref, delta } : { type: 'response.text.delta', ...ref, delta });
  });
  return events;
}

function collect(model: ConversationModel): Turn[] {
  const seen: Turn[] = [];
  model.on('turn', (t) => seen.push(t));
  return seen;
}

describe('ConversationModel', () => {
  it('streams an assistant text reply and completes it', () => {
    const model = new ConversationModel(() => 1000);
    const seen = collect(model);
    model.addUserText('hello');
    for (const e of replyEvents('text', ['You ', 'said: ', 'hello'])) model.apply(e);
    expect(model.get('item_a')).toMatchObject({ role: 'assistant', kind: 'text', text: 'You said: hello', status: 'in_progress' });
    model.apply({ type: 'response.done', response: { id: 'resp_1', status: 'completed' } });
    expect(model.get('item_a')?.status).toBe('done');
    expect(model.snapshot().map((t) => t.role)).toEqual(['user', 'assistant']);
    expect(seen.at(-1)).toMatchObject({ id: 'item_a', status: 'done' });
  });

  it('ends a reply cut off by the end of its server session, keeping its text, and gives the context to replay', () => {
    const model = new ConversationModel();
    model.addUserText('first');
    model.addFailedUserAudio('Too short', 40);
    for (const e of replyEvents('text', ['Half an ', 'answer'])) model.apply(e);
    const replay = model.endSession(20);
    expect(model.get('item_a')).toMatchObject({ status: 'cancelled', text: 'Half an answer', error: expect.stringMatching(/connection was lost/) });
    expect(replay.map((t) => t.text)).toEqual(['first', 'Half an answer']);
    expect(model.endSession(1).map((t) => t.text)).toEqual(['Half an answer']);
  });

  it('marks an audio reply cancelled when the response is cancelled', () => {
    const model = new ConversationModel();
    for (const e of replyEvents('audio', ['Hi'], ['AAAA'])) model.apply(e);
    model.apply({ type: 'response.done', response: { id: 'resp_1', status: 'cancelled' } });
    expect(model.get('item_a')).toMatchObject({ kind: 'audio', status: 'cancelled', text: 'Hi' });
  });

  it('trims the transcript of a truncated item to the share heard and ignores late deltas', () => {
    const model = new ConversationModel();
    const chunk = 'A'.repeat(6400); // 4800 bytes = 100 ms: the speaker counts audio, the model does not
    for (const e of replyEvents('audio', ['one two ', 'three four'], [chunk, chunk])) model.apply(e);
    // Half of the 200 ms received was heard; transcript "one two three four".
    model.markTruncated('item_a', 100, 200);
    const turn = model.get('item_a');
    expect(turn?.status).toBe('truncated');
    expect(turn?.audioMs).toBe(100);
    expect(turn?.text).toBe('one two');
    model.apply({ type: 'response.audio_transcript.delta', ...ref, delta: ' five' });
    model.apply({ type: 'response.done', response: { id: 'resp_1', status: 'cancelled' } });
    expect(model.get('item_a')).toMatchObject({ text: 'one two', status: 'truncated' });
  });

  it('fills a spoken user turn with its transcript when it arrives', () => {
    const model = new ConversationModel();
    model.addUserAudio('item_u', 1250);
    model.apply({ type: 'conversation.item.input_audio_transcription.completed', item_id: 'item_u', transcript: ' what time is it ' });
    expect(model.get('item_u')).toMatchObject({ role: 'user', kind: 'audio', text: 'what time is it', audioMs: 1250, status: 'done' });
  });

  it('keeps a failed local turn visible with its reason, and clears on reset', () => {
    const model = new ConversationModel();
    let resets = 0;
    model.on('reset', () => resets++);
    const turn = model.addFailedUserAudio('Too short: hold the key while you speak.', 40);
    expect(model.get(turn.id)).toMatchObject({ status: 'failed', error: expect.stringMatching(/Too short/) });
    model.clear();
    expect(model.snapshot()).toEqual([]);
    expect(resets).toBe(1);
  });
});
