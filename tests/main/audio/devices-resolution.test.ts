// devices.ts against a fake PortAudio: ids, default marking, duplicates and fallbacks (no sound server).
import { describe, expect, it } from 'vitest';
import { deviceId, listDevices, NoAudioDeviceError, resolveDevice } from '../../../src/main/audio/devices';
import type { PaDeviceInfo, PortAudio } from '../../../src/main/audio/portaudio';

function fakePa(devices: Omit<PaDeviceInfo, 'index'>[], defaults: { input: number; output: number }, canReenumerate = true): PortAudio {
  return {
    binding: 'naudiodon2',
    openStreams: canReenumerate ? 0 : 1,
    canReenumerate,
    listDevices: () => devices.map((d, index) => ({ ...d, index })),
    hostApis: () => ({
      defaultHostApi: 0,
      hostApis: [{ name: 'ALSA', type: 'ALSA', deviceCount: devices.length, defaultInput: defaults.input, defaultOutput: defaults.output }],
    }),
    open: () => {
      throw new Error('not in this test');
    },
  };
}

const dev = (name: string, ins: number, outs: number): Omit<PaDeviceInfo, 'index'> => ({
  name,
  hostApiName: 'ALSA',
  maxInputChannels: ins,
  maxOutputChannels: outs,
  defaultSampleRate: 44100,
});

describe('listDevices', () => {
  it('splits inputs and outputs, ids are host API + name, the default is marked', () => {
    const pa = fakePa([dev('pulse', 32, 32), dev('default', 32, 32), dev('hdmi', 0, 8)], { input: 1, output: 2 });
    const l = listDevices(pa);
    expect(l.inputs.map((d) => [d.id, d.isDefault])).toEqual([
      ['ALSA:pulse', false],
      ['ALSA:default', true],
    ]);
    expect(l.outputs.map((d) => [d.id, d.isDefault, d.maxChannels])).toEqual([
      ['ALSA:pulse', false, 32],
      ['ALSA:default', false, 32],
      ['ALSA:hdmi', true, 8],
    ]);
    expect(l.fresh).toBe(true);
  });

  it('keeps ids unique when a host API lists a name twice', () => {
    const l = listDevices(fakePa([dev('USB Audio', 2, 2), dev('USB Audio', 2, 2)], { input: 0, output: 0 }));
    expect(l.outputs.map((d) => d.id)).toEqual(['ALSA:USB Audio', 'ALSA:USB Audio#2']);
  });

  it('says when the list could not be refreshed', () => {
    expect(listDevices(fakePa([dev('default', 2, 2)], { input: 0, output: 0 }, false)).fresh).toBe(false);
  });

  it('treats paNoDevice (read back unsigned) as no default', () => {
    const l = listDevices(fakePa([dev('a', 0, 2)], { input: 0xffffffff, output: 0xffffffff }));
    expect(l.outputs[0]!.isDefault).toBe(false);
  });
});

describe('resolveDevice', () => {
  const pa = fakePa([dev('pulse', 32, 32), dev('default', 32, 32), dev('headset', 1, 2)], { input: 1, output: 1 });

  it('finds a device by id, with its current PortAudio index', () => {
    const r = resolveDevice(deviceId('ALSA', 'headset'), 'output', pa);
    expect(r.index).toBe(2);
    expect(r.device.name).toBe('headset');
    expect(r.fallback).toBeNull();
  });

  it('null means the default, without a fallback', () => {
    const r = resolveDevice(null, 'input', pa);
    expect(r.device.id).toBe('ALSA:default');
    expect(r.fallback).toBeNull();
  });

  it('a missing device falls back to the default with a reason in plain words', () => {
    const r = resolveDevice('ALSA:bluetooth', 'input', pa);
    expect(r.device.id).toBe('ALSA:default');
    expect(r.fallback).toEqual({
      requestedId: 'ALSA:bluetooth',
      reason: 'The microphone "bluetooth" is not available; using the default microphone "default" instead.',
    });
  });

  it('a device of the wrong kind does not match', () => {
    const outputsOnly = fakePa([dev('speaker', 0, 2), dev('mic', 1, 0)], { input: 1, output: 0 });
    expect(resolveDevice('ALSA:speaker', 'input', outputsOnly).fallback?.requestedId).toBe('ALSA:speaker');
  });

  it('no device at all is an error, not a silent default', () => {
    expect(() => resolveDevice(null, 'output', fakePa([dev('mic', 1, 0)], { input: 0, output: -1 }))).toThrow(NoAudioDeviceError);
  });
});
