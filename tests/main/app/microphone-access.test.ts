// The macOS microphone permission in front of the audio engine (fake engine, scripted answers): nothing
// records before the system said yes, a denial reaches the window as the fix in plain words, and everything
// else passes through untouched.
import { describe, expect, it } from 'vitest';
import { MICROPHONE_ACCESS_OFF, withMicrophoneAccess } from '../../../src/main/app/microphone-access';
import { Assistant } from '../../../src/main/assistant/assistant';
import { MicrophoneAccessError } from '../../../src/main/audio/ports';
import type { DeviceFallback, UserFacingError } from '../../../src/shared/domain';
import { FakeAudio } from '../../support/fake-audio';
import { FakeSession } from '../../support/fake-session';

const CHOICE = () => ({ inputDeviceId: null, outputDeviceId: null, outputVolume: 1 });

/** The system dialog, answered in order (no once the answers run out); `asked` counts the questions. */
function scriptedAsk(...answers: boolean[]) {
  const asked: number[] = [];
  const ask = async (): Promise<boolean> => {
    asked.push(asked.length);
    return answers.shift() ?? false;
  };
  return { ask, asked };
}

describe('withMicrophoneAccess', () => {
  it('with the grant, opens the microphone and asks only once', async () => {
    const audio = new FakeAudio();
    const { ask, asked } = scriptedAsk(true);
    const ports = withMicrophoneAccess(audio, ask).ports(CHOICE);
    await ports.openMicrophone();
    await ports.openMicrophone();
    expect(audio.microphones).toHaveLength(2);
    expect(asked).toHaveLength(1);
  });

  it('denied, rejects with the fix in plain words and records nothing', async () => {
    const audio = new FakeAudio();
    const { ask } = scriptedAsk(false);
    const opening = withMicrophoneAccess(audio, ask).ports(CHOICE).openMicrophone();
    await expect(opening).rejects.toBeInstanceOf(MicrophoneAccessError);
    await expect(opening).rejects.toThrow(
      'Microphone access is off for Voice Assistant. Turn it on in System Settings → Privacy & Security → Microphone, then try again.',
    );
    expect(audio.microphones).toHaveLength(0);
  });

  it('asks again after a denial: the user may have turned it on in System Settings', async () => {
    const audio = new FakeAudio();
    const { ask, asked } = scriptedAsk(false, true);
    const ports = withMicrophoneAccess(audio, ask).ports(CHOICE);
    await expect(ports.openMicrophone()).rejects.toThrow(MICROPHONE_ACCESS_OFF);
    await ports.openMicrophone();
    expect(asked).toHaveLength(2);
    expect(audio.microphones).toHaveLength(1);
  });

  it('openings at the same moment share one question', async () => {
    const audio = new FakeAudio();
    const { ask, asked } = scriptedAsk(true);
    const ports = withMicrophoneAccess(audio, ask).ports(CHOICE);
    await Promise.all([ports.openMicrophone(), ports.openMicrophone()]);
    expect(asked).toHaveLength(1);
    expect(audio.microphones).toHaveLength(2);
  });

  it('the Settings meter asks too, and shares the grant with the assistant', async () => {
    const audio = new FakeAudio();
    const { ask, asked } = scriptedAsk(false, true);
    const gated = withMicrophoneAccess(audio, ask);
    await expect(gated.monitorInput(null, () => undefined)).rejects.toThrow(MICROPHONE_ACCESS_OFF);
    expect(audio.monitors).toBe(0);
    const stop = await gated.monitorInput(null, () => undefined);
    expect(audio.monitors).toBe(1);
    await gated.ports(CHOICE).openMicrophone();
    expect(asked).toHaveLength(2);
    await stop();
    expect(audio.monitors).toBe(0);
  });

  it('passes everything else through without asking, and forwards device fallbacks until closed', async () => {
    const audio = new FakeAudio();
    const { ask, asked } = scriptedAsk();
    const gated = withMicrophoneAccess(audio, ask);
    expect(await gated.listDevices()).toEqual(await audio.listDevices());
    gated.setOutputVolume(0.4);
    expect(audio.volume).toBe(0.4);
    await gated.playTestTone(null);
    expect(gated.ports(CHOICE).speaker).toBe(audio.speaker);
    const seen: DeviceFallback[] = [];
    gated.on('fallback', (fallback) => seen.push(fallback));
    const fallback: DeviceFallback = { kind: 'input', message: 'unplugged' };
    audio.emit('fallback', fallback);
    expect(seen).toEqual([fallback]);
    await gated.close();
    expect(audio.closed).toBe(true);
    audio.emit('fallback', fallback);
    expect(seen).toHaveLength(1);
    expect(asked).toHaveLength(0);
  });

  it('a push-to-talk press without access tells the window the fix as is, not "check that it is plugged in"', async () => {
    const session = new FakeSession();
    const { ask } = scriptedAsk(false);
    const assistant = new Assistant({
      session: session.port,
      audio: withMicrophoneAccess(new FakeAudio(), ask).ports(CHOICE),
      settings: () => ({ mode: 'ptt', halfDuplex: 'always' }),
    });
    const errors: UserFacingError[] = [];
    assistant.on('error', (error: UserFacingError) => errors.push(error));
    await assistant.startTalking();
    expect(errors).toEqual([{ kind: 'audio', message: MICROPHONE_ACCESS_OFF }]);
    expect(assistant.activity).toBe('idle');
    await assistant.close();
  });
});
