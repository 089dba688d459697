// The one forwarding class in front of the engine's microphone (fake engine): its checks refuse an opening
// before anything records, its filter holds back frames and levels of an open microphone, and the
// microphone it hands out still stops and lets go of its listeners like the engine's own.
import { describe, expect, it } from 'vitest';
import { MicrophoneGate } from '../../../src/main/app/microphone-gate';
import { MicrophoneAccessError } from '../../../src/main/audio/ports';
import type { Level } from '../../../src/shared/domain';
import { FakeAudio } from '../../support/fake-audio';

const CHOICE = () => ({ inputDeviceId: null, outputDeviceId: null, outputVolume: 1 });
const LEVEL: Level = { rmsDbfs: -30, peakDbfs: -20 };

async function filtered() {
  const audio = new FakeAudio();
  let open = true;
  const mic = await new MicrophoneGate(audio, { passes: () => open }).ports(CHOICE).openMicrophone();
  const seen: string[] = [];
  mic.on('frame', (pcm16) => seen.push(`frame ${pcm16.length}`));
  mic.on('level', (level) => seen.push(`level ${level.rmsDbfs}`));
  mic.on('error', (error) => seen.push(`error ${error.message}`));
  const engineMic = audio.microphones[0]!;
  return { mic, engineMic, seen, setOpen: (value: boolean) => (open = value) };
}

describe('MicrophoneGate', () => {
  it('delivers frames and levels while the filter passes them, and drops them while it does not', async () => {
    const { engineMic, seen, setOpen } = await filtered();
    engineMic.feed(Buffer.alloc(10));
    engineMic.emit('level', LEVEL);
    setOpen(false);
    engineMic.feed(Buffer.alloc(20));
    engineMic.emit('level', LEVEL);
    setOpen(true);
    engineMic.feed(Buffer.alloc(30));
    expect(seen).toEqual(['frame 10', 'level -30', 'frame 30']);
  });

  it('always delivers errors: a broken device is news even while the filter holds', async () => {
    const { engineMic, seen, setOpen } = await filtered();
    setOpen(false);
    engineMic.emit('error', new Error('unplugged'));
    expect(seen).toEqual(['error unplugged']);
  });

  it('removeAllListeners and stop reach the engine’s microphone', async () => {
    const { mic, engineMic, seen } = await filtered();
    mic.removeAllListeners();
    expect(engineMic.listenerCount('frame') + engineMic.listenerCount('level') + engineMic.listenerCount('error')).toBe(0);
    engineMic.feed(Buffer.alloc(10));
    expect(seen).toEqual([]);
    await mic.stop();
    expect(engineMic.stopped).toBe(true);
  });

  it('without a filter hands out the engine’s microphone itself', async () => {
    const audio = new FakeAudio();
    const mic = await new MicrophoneGate(audio, {}).ports(CHOICE).openMicrophone();
    expect(mic).toBe(audio.microphones[0]);
  });

  it('a refusal before opening opens nothing, and guards only what it was given for', async () => {
    const audio = new FakeAudio();
    const refuse = async (): Promise<void> => {
      throw new MicrophoneAccessError('no');
    };
    const openingRefused = new MicrophoneGate(audio, { beforeOpen: refuse });
    await expect(openingRefused.ports(CHOICE).openMicrophone()).rejects.toThrow('no');
    expect(audio.microphones).toHaveLength(0);
    await (await openingRefused.monitorInput(null, () => undefined))();

    const meterRefused = new MicrophoneGate(audio, { beforeMonitor: refuse });
    await expect(meterRefused.monitorInput(null, () => undefined)).rejects.toBeInstanceOf(MicrophoneAccessError);
    expect(audio.monitors).toBe(0);
    await meterRefused.ports(CHOICE).openMicrophone();
    expect(audio.microphones).toHaveLength(1);
  });
});
