// When hands-free mutes the microphone while the assistant speaks: always, never, or (automatic) only when
// the speaker's echo is not cancelled, or has been heard getting through the canceller.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Assistant } from '../../../src/main/assistant/assistant';
import type { HalfDuplexMode } from '../../../src/shared/settings';
import { FakeMicrophone, FakeSpeaker } from '../../support/fake-audio';
import { FakeSession } from '../../support/fake-session';

let assistant: Assistant | null = null;
afterEach(async () => {
  await assistant?.close();
  assistant = null;
});

async function setup(halfDuplex: HalfDuplexMode, echoCancelled: boolean) {
  const session = new FakeSession();
  session.state = 'open';
  const mic = new FakeMicrophone();
  mic.echoCancelled = echoCancelled;
  const speaker = new FakeSpeaker();
  const notices: string[] = [];
  const opened: unknown[] = [];
  const openMicrophone = async (options: unknown) => {
    opened.push(options);
    return mic as never;
  };
  assistant = new Assistant({ session: session.port, audio: { speaker: speaker as never, openMicrophone }, settings: () => ({ mode: 'vad', halfDuplex }) });
  assistant.on('notice', (n) => notices.push(n));
  await vi.waitFor(() => expect(mic.listenerCount('frame')).toBe(1));
  speaker.play('reply', Buffer.alloc(4800)); // the assistant is speaking
  /** Frames sent to the server for one frame heard while it speaks. */
  const sentWhileSpeaking = (): number => {
    const before = session.calls('appendAudio').length;
    mic.feed(Buffer.alloc(960));
    return session.calls('appendAudio').length - before;
  };
  return { mic, notices, opened, sentWhileSpeaking };
}

describe('half-duplex', () => {
  it('automatic: open while it speaks when the echo is cancelled', async () => {
    const { sentWhileSpeaking, opened } = await setup('auto', true);
    expect(opened).toEqual([{ echoCancellation: true }]);
    expect(sentWhileSpeaking()).toBe(1);
  });

  it('push-to-talk never asks for the canceller: a press stops the reply, so there is no echo to cancel', async () => {
    const session = new FakeSession();
    session.state = 'open';
    const opened: unknown[] = [];
    const openMicrophone = async (options: unknown) => {
      opened.push(options);
      return new FakeMicrophone() as never;
    };
    const notices: string[] = [];
    assistant = new Assistant({ session: session.port, audio: { speaker: new FakeSpeaker() as never, openMicrophone }, settings: () => ({ mode: 'ptt', halfDuplex: 'auto' }) });
    assistant.on('notice', (n) => notices.push(n));
    await assistant.startTalking();
    expect(opened).toEqual([{ echoCancellation: false }]);
    expect(notices).toEqual([]);
  });

  it('asks for the canceller only on automatic', async () => {
    for (const mode of ['always', 'off'] as const) {
      const { opened } = await setup(mode, false);
      expect(opened).toEqual([{ echoCancellation: false }]);
      await assistant?.close();
    }
  });

  it('automatic: muted while it speaks when nothing cancels the echo, and says why once', async () => {
    const { sentWhileSpeaking, notices } = await setup('auto', false);
    expect(sentWhileSpeaking()).toBe(0);
    expect(notices).toEqual([expect.stringMatching(/Echo cancellation could not start.*headphones.*Never muted/)]);
  });

  it('with the canceller running, or not asked for, says nothing on opening', async () => {
    for (const [mode, cancelled] of [['auto', true], ['always', false], ['off', false]] as const) {
      const { notices } = await setup(mode, cancelled);
      expect(notices).toEqual([]);
      await assistant?.close();
    }
  });

  it('automatic: once echo gets through the canceller, says so and mutes while it speaks', async () => {
    const { mic, notices, sentWhileSpeaking } = await setup('auto', true);
    expect(sentWhileSpeaking()).toBe(1);
    mic.emit('echo-leak');
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(/hear itself.*headphones or push-to-talk/);
    expect(sentWhileSpeaking()).toBe(0);
  });

  it('always: muted while it speaks even with the echo cancelled', async () => {
    const { sentWhileSpeaking } = await setup('always', true);
    expect(sentWhileSpeaking()).toBe(0);
  });

  it('off (headphones): open while it speaks; a leak is told but changes nothing', async () => {
    const { mic, notices, sentWhileSpeaking } = await setup('off', false);
    expect(sentWhileSpeaking()).toBe(1);
    mic.emit('echo-leak');
    expect(notices[0]).toMatch(/may interrupt itself/);
    expect(sentWhileSpeaking()).toBe(1);
  });
});
