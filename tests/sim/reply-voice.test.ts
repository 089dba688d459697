// The reply-voice fault: typed questions are answered in a given voice, cut or repeated to the reply's
// length, instead of the tone (echo-cancellation tests need speech on the speaker).
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator } from '../../src/sim/index';
import { MS_PER_CHARACTER } from '../../src/sim/reply-plan';
import type { RunningSimulator } from '../../src/sim/types';
import { SimClient, audioOf } from '../support/sim-client';

let sim: RunningSimulator;
afterEach(async () => {
  await sim?.close();
});

async function replyTo(text: string): Promise<Buffer> {
  const client = await SimClient.connect(sim.url);
  await client.next('session.created');
  client.send({ type: 'conversation.item.create', item: { type: 'message', role: 'user', content: [{ type: 'input_text', text }] } });
  client.send({ type: 'response.create' });
  await client.next('response.done');
  const audio = audioOf(client.frames, 'response.audio.delta');
  await client.close();
  return audio;
}

describe('reply-voice fault', () => {
  it('repeats the voice to the length of the reply', async () => {
    sim = await startSimulator({ port: 0, pace: 0 });
    const voice = Buffer.alloc(4800);
    for (let i = 0; i < voice.length; i += 2) voice.writeInt16LE(i, i);
    sim.inject({ kind: 'reply-voice', pcm: voice });
    const audio = await replyTo('hi');
    const ms = 'You said: hi'.length * MS_PER_CHARACTER;
    expect(audio.length).toBe(ms * 48);
    expect(audio.subarray(0, voice.length)).toEqual(voice);
    expect(audio.subarray(voice.length, 2 * voice.length)).toEqual(voice);
  });

  it('goes back to the tone when cleared, and refuses a torn sample', async () => {
    sim = await startSimulator({ port: 0, pace: 0 });
    expect(() => sim.inject({ kind: 'reply-voice', pcm: Buffer.alloc(3) })).toThrow(RangeError);
    sim.inject({ kind: 'reply-voice', pcm: Buffer.alloc(480) });
    sim.inject({ kind: 'reply-voice', pcm: null });
    const audio = await replyTo('hi');
    expect(audio.some((b) => b !== 0)).toBe(true); // the tone, not the silent voice
  });
});
