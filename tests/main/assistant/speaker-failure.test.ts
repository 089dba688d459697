// A speaker that fails must not cost the conversation: the reply still arrives as text, the user is told,
// activity leaves 'speaking', the half-duplex mute ends with it, and the next reply plays once the device
// opens again. The real speaker on a fake PortAudio that refuses to open; a fake session.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Assistant } from '../../../src/main/assistant/assistant';
import { AudioPlayback } from '../../../src/main/audio/playback/speaker';
import type { ServerEvent } from '../../../src/shared/protocol/events';
import type { UserFacingError } from '../../../src/shared/domain';
import { FakeMicrophone } from '../../support/fake-audio';
import { FakePortAudio, pcmMs } from '../../support/fake-portaudio';
import { FakeSession } from '../../support/fake-session';

let closing: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closing) await close();
  closing = [];
});

const ref = (response: string, itemId: string) => ({ response_id: response, item_id: itemId, output_index: 0, content_index: 0 });

function reply(session: FakeSession, n: number): void {
  const response = `resp_${n}`;
  const item = `item_${n}`;
  session.server({ type: 'response.created', response: { id: response, status: 'in_progress' } });
  session.server({ type: 'response.audio.delta', ...ref(response, item), delta: pcmMs(300).toString('base64') } as ServerEvent);
  session.server({ type: 'response.audio.done', ...ref(response, item) } as ServerEvent);
  session.server({ type: 'response.done', response: { id: response, status: 'completed' } } as ServerEvent);
}

async function setup() {
  const pa = new FakePortAudio();
  const speaker = new AudioPlayback({ portAudio: pa });
  const session = new FakeSession();
  const mic = new FakeMicrophone();
  const assistant = new Assistant({ session: session.port, audio: { speaker, openMicrophone: async () => mic as never }, settings: () => ({ mode: 'vad', halfDuplex: 'always' }) });
  const errors: UserFacingError[] = [];
  assistant.on('error', (e) => errors.push(e));
  closing.push(async () => {
    await assistant.close();
    await speaker.close();
  });
  // Hands-free opens the microphone at once.
  await vi.waitFor(() => expect(mic.listenerCount('frame')).toBe(1));
  return { pa, speaker, session, mic, assistant, errors };
}

describe('a failing speaker', () => {
  it('leaves speaking, ends the half-duplex mute, says why, and plays again when the device is back', async () => {
    const { pa, speaker, session, mic, assistant, errors } = await setup();
    pa.openError = new Error('Device unavailable');
    reply(session, 1);
    await vi.waitFor(() => expect(errors.map((e) => e.kind)).toContain('audio'));
    expect(errors[0]!.message).toMatch(/Device unavailable/);
    await vi.waitFor(() => expect(assistant.activity).toBe('idle'));
    expect(speaker.playing).toBe(false);

    // The mute ended with the failed reply: what the user says reaches the server again.
    const before = session.calls('appendAudio').length;
    mic.feed(Buffer.alloc(960));
    expect(session.calls('appendAudio').length).toBe(before + 1);

    pa.openError = null;
    reply(session, 2);
    await vi.waitFor(() => expect(pa.outputs.some((o) => o.writes.length > 0)).toBe(true));
    await vi.waitFor(() => expect(assistant.activity).toBe('idle'), { timeout: 5000 });
    expect(errors).toHaveLength(1);
  });
});
