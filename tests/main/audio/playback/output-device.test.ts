// The output device against a fake PortAudio: the chosen device, fallbacks to the default, prepared streams
// and a device that vanishes while playing.
import { describe, expect, it, vi } from 'vitest';
import type { DeviceSubstitution } from '../../../../src/main/audio/devices';
import { OutputDevice } from '../../../../src/main/audio/playback/output-device';
import type { RouteWatcher } from '../../../../src/main/audio/pulse-route-watch';
import { FakePortAudio } from '../../../support/fake-portaudio';

function setup(device: string | null, routeWatcher: RouteWatcher | null = null) {
  const pa = new FakePortAudio();
  const fallbacks: DeviceSubstitution[] = [];
  const output = new OutputDevice({ device, portAudio: pa, maxQueue: 2, framesPerBuffer: 0, latencyMs: 150, routeWatcher }, (f) => fallbacks.push(f));
  return { pa, output, fallbacks };
}

function fakeWatcher() {
  let lost: ((detail: { device: string }) => void) | null = null;
  const watcher = {
    streamStarted: vi.fn(),
    streamStopped: vi.fn(),
    onLost: (cb: (detail: { device: string }) => void) => {
      lost = cb;
      return () => (lost = null);
    },
    close: vi.fn(),
  };
  return { watcher, lose: () => lost?.({ device: '#1' }) };
}

describe('OutputDevice', () => {
  it('opens the system default without listing devices, at 24 kHz mono with the tuned buffer', () => {
    const { pa, output } = setup(null);
    const listed = vi.spyOn(pa, 'listDevices');
    const opened = output.acquire();
    expect(opened.device).toBeNull();
    expect(opened.fallback).toBeNull();
    expect(listed).not.toHaveBeenCalled();
    expect(pa.outputs[0]!.options).toMatchObject({ deviceIndex: -1, sampleRate: 24000, channels: 1, maxQueue: 2, framesPerBuffer: 0, pulseLatencyMs: 150, latencyMs: 150 });
  });

  it('opens the chosen device, and says so when it attaches', () => {
    const { pa, output, fallbacks } = setup('ALSA:headset');
    const opened = output.acquire();
    expect(pa.outputs[0]!.options.deviceIndex).toBe(1);
    output.attach(opened);
    expect(output.device?.name).toBe('headset');
    expect(fallbacks).toEqual([]);
  });

  it('falls back to the default when the chosen device is missing or refuses to open', () => {
    const missing = setup('ALSA:gone');
    missing.output.attach(missing.output.acquire());
    expect(missing.fallbacks).toEqual([{ requestedId: 'ALSA:gone', reason: expect.stringMatching(/"gone" is not available/) }]);

    const refused = setup('ALSA:headset');
    refused.pa.refused.add(1);
    const opened = refused.output.acquire();
    expect(refused.pa.outputs.map((o) => o.options.deviceIndex)).toEqual([-1]);
    refused.output.attach(opened);
    expect(refused.output.device).toBeNull();
    expect(refused.fallbacks).toEqual([{ requestedId: 'ALSA:headset', reason: expect.stringMatching(/"headset" could not be opened \(Device unavailable\)/) }]);
  });

  it('hands out a prepared stream once, and closes one nobody took', async () => {
    vi.useFakeTimers();
    try {
      const { pa, output } = setup(null);
      output.prepare(1000);
      output.prepare(1000); // already prepared: no second open
      expect(pa.opens).toBe(1);
      expect(output.acquire().stream).toBe(pa.outputs[0]!.stream);
      expect(pa.opens).toBe(1);
      output.prepare(1000);
      await vi.advanceTimersByTimeAsync(1000);
      expect(pa.outputs[1]!.quit).toBe('ABORT');
      output.acquire();
      expect(pa.opens).toBe(3);
    } finally {
      vi.useRealTimers();
    }
  });

  it('reports a vanished device only while a stream of its own plays on it', () => {
    const { watcher, lose } = fakeWatcher();
    const { output, fallbacks } = setup('ALSA:headset', watcher);
    const opened = output.acquire();
    lose(); // not attached yet
    expect(fallbacks).toEqual([]);
    output.attach(opened);
    output.started();
    expect(watcher.streamStarted).toHaveBeenCalledTimes(1);
    lose();
    expect(fallbacks).toEqual([{ requestedId: 'ALSA:headset', reason: expect.stringMatching(/"headset" was disconnected/) }]);
    expect(output.device).toBeNull();
    output.detach();
    output.detach();
    expect(watcher.streamStopped).toHaveBeenCalledTimes(1);
  });

  it('close() stops watching and aborts a prepared stream', async () => {
    const { watcher, lose } = fakeWatcher();
    const { pa, output, fallbacks } = setup('ALSA:headset', watcher);
    output.prepare(5000);
    await output.close();
    expect(pa.outputs[0]!.quit).toBe('ABORT');
    lose();
    expect(fallbacks).toEqual([]);
  });
});
