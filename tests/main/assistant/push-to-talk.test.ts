// Push-to-talk release in the assistant (fake session, fake microphone): the commit goes out at the
// release, before the microphone has finished closing, and nothing captured after the release joins the turn.
import { describe, expect, it } from 'vitest';
import { Assistant } from '../../../src/main/assistant/assistant';
import { FakeMicrophone, FakeSpeaker } from '../../support/fake-audio';
import { FakeSession } from '../../support/fake-session';

/** A microphone whose close takes as long as the test says. */
class SlowMicrophone extends FakeMicrophone {
  private finish: (() => void) | null = null;
  override stop(): Promise<void> {
    this.stopped = true;
    return new Promise((resolve) => (this.finish = resolve));
  }
  closed(): void {
    this.finish?.();
  }
}

describe('push-to-talk release', () => {
  it('commits at once, while the microphone is still closing; later frames are not sent', async () => {
    const session = new FakeSession();
    const mic = new SlowMicrophone();
    const assistant = new Assistant({
      session: session.port,
      audio: { speaker: new FakeSpeaker() as never, openMicrophone: async () => mic as never },
      settings: () => ({ mode: 'ptt', halfDuplex: 'always' }),
    });
    await assistant.startTalking();
    mic.feed(Buffer.alloc(24 * 2 * 500)); // 500 ms of speech
    const released = assistant.stopTalking();
    expect(mic.stopped).toBe(true);
    expect(session.calls('commitAudio')).toHaveLength(1); // before the close has finished
    mic.feed(Buffer.alloc(24 * 2 * 20)); // a frame the device still delivered
    mic.closed();
    await released;
    const appended = session.calls('appendAudio').reduce((n, [pcm]) => n + (pcm as Buffer).length, 0);
    expect(appended).toBe(24 * 2 * 500);
    const order = session.sent.map((s) => s.call).filter((c) => c === 'appendAudio' || c === 'commitAudio');
    expect(order.at(-1)).toBe('commitAudio');
    await assistant.close();
  });

  it('Esc throws the turn away: the microphone closes, the buffer is cleared, nothing is committed', async () => {
    const session = new FakeSession();
    const mic = new FakeMicrophone();
    const assistant = new Assistant({
      session: session.port,
      audio: { speaker: new FakeSpeaker() as never, openMicrophone: async () => mic as never },
      settings: () => ({ mode: 'ptt', halfDuplex: 'always' }),
    });
    const activity: string[] = [];
    assistant.on('activity', (a) => activity.push(a));
    await assistant.startTalking();
    mic.feed(Buffer.alloc(24 * 2 * 500));
    const clearsBefore = session.calls('clearAudio').length;
    await assistant.cancelTalking();
    expect(mic.stopped).toBe(true);
    expect(session.calls('commitAudio')).toHaveLength(0);
    expect(session.calls('clearAudio')).toHaveLength(clearsBefore + 1);
    expect(activity.at(-1)).toBe('idle');
    // A release after the cancel sends nothing either.
    await assistant.stopTalking();
    expect(session.calls('commitAudio')).toHaveLength(0);
    expect(assistant.conversation.snapshot()).toHaveLength(0);
    await assistant.close();
  });
});
