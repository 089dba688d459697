// The user's mute in front of the audio engine (fake engine, fake session): while muted nothing the
// microphone hears reaches the session, a push-to-talk press says why it did nothing, hands-free comes back
// by itself on unmute, and the Settings meter keeps working.
import { describe, expect, it } from 'vitest';
import { MICROPHONE_MUTED, MicrophoneMute, withMicrophoneMute } from '../../../src/main/app/microphone-mute';
import { Assistant } from '../../../src/main/assistant/assistant';
import { MicrophoneAccessError } from '../../../src/main/audio/ports';
import type { Level, TalkMode, UserFacingError } from '../../../src/shared/domain';
import { FakeAudio } from '../../support/fake-audio';
import { FakeSession } from '../../support/fake-session';

const CHOICE = () => ({ inputDeviceId: null, outputDeviceId: null, outputVolume: 1 });

function muted(mode: TalkMode, initially = true) {
  const audio = new FakeAudio();
  const mute = new MicrophoneMute();
  mute.set(initially);
  const settings = { mode, halfDuplex: 'always' as const };
  const gated = withMicrophoneMute(audio, mute, () => settings.mode);
  return { audio, mute, settings, gated };
}

function assistantOn(setup: ReturnType<typeof muted>) {
  const session = new FakeSession();
  const assistant = new Assistant({ session: session.port, audio: setup.gated.ports(CHOICE), settings: () => setup.settings });
  const errors: UserFacingError[] = [];
  const levels: Level[] = [];
  assistant.on('error', (error: UserFacingError) => errors.push(error));
  assistant.on('level', (level: Level) => levels.push(level));
  const appended = (): number => session.calls('appendAudio').length;
  return { session, assistant, errors, levels, appended };
}

describe('MicrophoneMute', () => {
  it('starts unmuted and tells each change, and only changes', () => {
    const mute = new MicrophoneMute();
    const seen: boolean[] = [];
    mute.on('change', (value) => seen.push(value));
    expect(mute.muted).toBe(false);
    mute.set(false);
    mute.set(true);
    mute.set(true);
    mute.set(false);
    expect(seen).toEqual([true, false]);
    expect(mute.muted).toBe(false);
  });
});

describe('withMicrophoneMute', () => {
  it('in push-to-talk refuses to open the microphone while muted, with the way out in plain words', async () => {
    const { audio, mute, gated } = muted('ptt');
    const opening = gated.ports(CHOICE).openMicrophone();
    await expect(opening).rejects.toBeInstanceOf(MicrophoneAccessError);
    await expect(opening).rejects.toThrow('The microphone is muted. Unmute it from the tray menu or the window.');
    expect(audio.microphones).toHaveLength(0);
    mute.set(false);
    await gated.ports(CHOICE).openMicrophone();
    expect(audio.microphones).toHaveLength(1);
  });

  it('a push-to-talk press while muted tells the window so, and nothing is recorded or sent', async () => {
    const setup = muted('ptt');
    const { session, assistant, errors, appended } = assistantOn(setup);
    await assistant.startTalking();
    expect(errors).toEqual([{ kind: 'audio', message: MICROPHONE_MUTED }]);
    expect(assistant.activity).toBe('idle');
    expect(setup.audio.microphones).toHaveLength(0);
    await assistant.stopTalking();
    expect(appended()).toBe(0);
    expect(session.calls('commitAudio')).toHaveLength(0);
    await assistant.close();
  });

  it('in hands-free opens the microphone anyway, silent until unmuted: unmuting needs nothing more', async () => {
    const setup = muted('vad');
    const { assistant, errors, levels, appended } = assistantOn(setup);
    await expect.poll(() => setup.audio.openMicrophones.length).toBe(1);
    const mic = setup.audio.openMicrophones[0]!;
    mic.feed(Buffer.alloc(960));
    mic.emit('level', { rmsDbfs: -30, peakDbfs: -20 });
    expect(appended()).toBe(0);
    expect(levels).toEqual([]);
    setup.mute.set(false);
    mic.feed(Buffer.alloc(960));
    mic.emit('level', { rmsDbfs: -30, peakDbfs: -20 });
    expect(appended()).toBe(1);
    expect(levels).toHaveLength(1);
    expect(errors).toEqual([]);
    await assistant.close();
  });

  it('muting an open hands-free microphone stops its frames at once, and unmuting lets them through again', async () => {
    const setup = muted('vad', false);
    const { assistant, appended } = assistantOn(setup);
    await expect.poll(() => setup.audio.openMicrophones.length).toBe(1);
    const mic = setup.audio.openMicrophones[0]!;
    mic.feed(Buffer.alloc(960));
    setup.mute.set(true);
    mic.feed(Buffer.alloc(960));
    mic.feed(Buffer.alloc(960));
    expect(appended()).toBe(1);
    setup.mute.set(false);
    mic.feed(Buffer.alloc(960));
    expect(appended()).toBe(2);
    // The same microphone all along: muting neither closed nor reopened the device.
    expect(setup.audio.microphones).toHaveLength(1);
    await assistant.close();
    expect(mic.stopped).toBe(true);
  });

  it('leaves the Settings meter alone: the user may be testing the microphone', async () => {
    const { audio, gated } = muted('ptt');
    const levels: Level[] = [];
    const stop = await gated.monitorInput(null, (level) => levels.push(level));
    expect(audio.monitors).toBe(1);
    expect(levels).toHaveLength(1);
    await stop();
  });
});
