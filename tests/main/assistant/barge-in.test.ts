// Barge-in in the assistant with the real speaker on a fake PortAudio and a fake session (no sound server):
// the cut item's late deltas are never played and do not make the assistant 'speaking', the truncation
// carries what the speaker heard, and an id-less stream plays again in the next response.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Assistant } from '../../../src/main/assistant/assistant';
import type { SessionPort } from '../../../src/main/assistant/assistant';
import { AudioPlayback } from '../../../src/main/audio/playback/speaker';
import type { ServerEvent } from '../../../src/shared/protocol/events';
import type { AssistantActivity } from '../../../src/shared/domain';
import { FakePortAudio, pcmMs } from '../../support/fake-portaudio';
import { FakeSession } from '../../support/fake-session';

const LATE = 777;

const ref = (itemId: string) => ({ response_id: 'resp_1', item_id: itemId, output_index: 0, content_index: 0 });
const delta = (itemId: string, pcm: Buffer): ServerEvent => ({ type: 'response.audio.delta', ...ref(itemId), delta: pcm.toString('base64') });

let closing: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closing) await close();
  closing = [];
});

function setup() {
  const pa = new FakePortAudio();
  const speaker = new AudioPlayback({ portAudio: pa });
  const session = new FakeSession();
  const assistant = new Assistant({
    session: session as unknown as SessionPort,
    audio: { speaker, openMicrophone: () => Promise.reject(new Error('no microphone in this test')) },
    settings: () => ({ mode: 'ptt', halfDuplex: 'always' }),
  });
  const activity: AssistantActivity[] = [];
  assistant.on('activity', (a) => activity.push(a));
  const truncated = new Promise<{ itemId: string; audioEndMs: number }>((resolve) => assistant.once('truncated', resolve));
  closing.push(async () => {
    await assistant.close();
    await speaker.close();
  });
  return { pa, speaker, session, assistant, activity, truncated };
}

const written = (pa: FakePortAudio, level: number): number => {
  const all = Buffer.concat(pa.allWrites);
  let n = 0;
  for (let i = 0; i + 1 < all.length; i += 2) if (all.readInt16LE(i) === level) n++;
  return n;
};

describe('assistant barge-in', () => {
  it('the user speaking over a reply cuts it: late deltas never play, the truncation is what was heard', async () => {
    const { pa, speaker, session, assistant, activity, truncated } = setup();
    assistant.sendText('Tell me about the weather');
    session.server({ type: 'response.created', response: { id: 'resp_1', status: 'in_progress' } });
    session.server({ type: 'response.output_item.added', response_id: 'resp_1', output_index: 0, item: { id: 'item_a', type: 'message', role: 'assistant', content: [] } });
    session.server({ type: 'response.audio_transcript.delta', ...ref('item_a'), delta: 'one two three four' });
    session.server(delta('item_a', pcmMs(1000)));
    expect(assistant.activity).toBe('speaking');
    await vi.waitFor(() => expect(speaker.playedMs('item_a')).toBeGreaterThan(300), { timeout: 5000, interval: 2 });

    session.server({ type: 'input_audio_buffer.speech_started', audio_start_ms: 0, item_id: 'user_1' });
    expect(session.calls('cancelResponse')).toHaveLength(1);
    // In flight when the user spoke: never played, and the assistant stays listening.
    session.server(delta('item_a', pcmMs(200, LATE)));
    session.server({ type: 'response.audio.done', ...ref('item_a') });
    expect(assistant.activity).toBe('listening');
    expect(activity.filter((a) => a === 'speaking')).toHaveLength(1);

    const cut = await truncated;
    expect(cut.itemId).toBe('item_a');
    expect(cut.audioEndMs).toBeGreaterThan(250);
    expect(cut.audioEndMs).toBeLessThan(1000);
    expect(session.calls('truncate')).toEqual([['item_a', cut.audioEndMs]]);
    // Part of the 1000 ms received was heard: the transcript keeps that share of its text.
    const turn = assistant.conversation.get('item_a');
    expect(turn?.status).toBe('truncated');
    expect(turn?.audioMs).toBe(cut.audioEndMs);
    expect(turn!.text.length).toBeLessThan('one two three four'.length);
    expect(written(pa, LATE)).toBe(0);
  });

  it('an id-less stream is not truncated on the server, and the next response plays again', async () => {
    const { pa, speaker, session, assistant, truncated } = setup();
    session.server({ type: 'response.created', response: { id: 'resp_1', status: 'in_progress' } });
    session.server(delta('', pcmMs(500)));
    await vi.waitFor(() => expect(speaker.playedMs('')).toBeGreaterThan(100), { timeout: 5000, interval: 2 });
    assistant.stopReply();
    session.server(delta('', pcmMs(100, LATE))); // the interrupted response's late delta
    expect((await truncated).itemId).toBe('');
    expect(session.calls('truncate')).toEqual([]);
    session.server({ type: 'response.done', response: { id: 'resp_1', status: 'cancelled' } });

    session.server({ type: 'response.created', response: { id: 'resp_2', status: 'in_progress' } });
    session.server(delta('', pcmMs(100, 555)));
    expect(assistant.activity).toBe('speaking');
    session.server({ type: 'response.audio.done', ...ref('') });
    await vi.waitFor(() => expect(assistant.activity).not.toBe('speaking'), { timeout: 5000 });
    expect(written(pa, 555)).toBe(100 * 24);
    expect(written(pa, LATE)).toBe(0);
  });

  it('with nothing playing, an interruption truncates nothing', async () => {
    const { session, assistant } = setup();
    const truncations: unknown[] = [];
    assistant.on('truncated', (t) => truncations.push(t));
    assistant.stopReply();
    await new Promise((r) => setTimeout(r, 20));
    expect(truncations).toEqual([]);
    expect(session.calls('truncate')).toEqual([]);
  });
});

describe('assistant: output ready before the first delta', () => {
  it('opens the output at response.created, and the first delta plays on that stream', async () => {
    const { pa, session, assistant } = setup();
    assistant.sendText('Hello');
    expect(pa.outputs).toHaveLength(0);
    session.server({ type: 'response.created', response: { id: 'resp_1', status: 'in_progress' } });
    expect(pa.outputs).toHaveLength(1);
    session.server({ type: 'response.output_item.added', response_id: 'resp_1', output_index: 0, item: { id: 'item_a', type: 'message', role: 'assistant', content: [] } });
    session.server(delta('item_a', pcmMs(200)));
    await vi.waitFor(() => expect(pa.outputs[0]!.writes.length).toBeGreaterThan(0), { timeout: 5000, interval: 2 });
    expect(pa.outputs).toHaveLength(1);
  });
});
