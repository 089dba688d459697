// Hands-free opens the microphone as soon as the assistant exists, which can be before the session is open
// (at start, after a drop): frames arriving then are dropped, never sent into a session that cannot take them.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Assistant } from '../../../src/main/assistant/assistant';
import { FakeMicrophone, FakeSpeaker } from '../../support/fake-audio';
import { FakeSession } from '../../support/fake-session';

let assistant: Assistant | null = null;
afterEach(async () => {
  await assistant?.close();
  assistant = null;
});

describe('hands-free before the session is open', () => {
  it('drops what the microphone hears until the session opens, then streams it', async () => {
    const session = new FakeSession();
    session.state = 'connecting';
    const mic = new FakeMicrophone();
    assistant = new Assistant({ session: session.port, audio: { speaker: new FakeSpeaker() as never, openMicrophone: async () => mic as never }, settings: () => ({ mode: 'vad', halfDuplex: 'always' }) });
    await vi.waitFor(() => expect(mic.listenerCount('frame')).toBe(1));

    expect(() => mic.feed(Buffer.alloc(960))).not.toThrow();
    expect(session.calls('appendAudio')).toHaveLength(0);

    session.state = 'open';
    mic.feed(Buffer.alloc(960));
    expect(session.calls('appendAudio')).toHaveLength(1);
  });
});
