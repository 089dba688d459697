// Device listing, the output picker and fallbacks on a private PulseAudio with two extra sinks exposed as
// named ALSA PCMs (out_a → sink_a, out_b → sink_b).
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { bestLag, toFloat } from '../../support/correlation';
import { startPulse } from '../../support/pulse';
import type { PulseServer, Recorder } from '../../support/pulse';
import { speechPcm } from '../../support/speech';
import type { SpeechClip } from '../../support/speech';
import { AudioDriver } from '../../support/audio-driver-client';

interface Listing {
  inputs: { id: string; isDefault: boolean }[];
  outputs: { id: string; name: string; isDefault: boolean; maxChannels: number; defaultSampleRate: number }[];
  fresh: boolean;
}

const peakOf = (pcm: Buffer): number => {
  let p = 0;
  for (let i = 0; i + 1 < pcm.length; i += 2) p = Math.max(p, Math.abs(pcm.readInt16LE(i)));
  return p;
};

describe('devices and the output picker', () => {
  let server: PulseServer;
  let driver: AudioDriver;
  let clip: SpeechClip;

  beforeAll(async () => {
    server = await startPulse({ extraSinks: ['sink_a', 'sink_b'], alsaPcms: { out_a: 'sink_a', out_b: 'sink_b' } });
    driver = await AudioDriver.spawn(server.env);
    clip = await speechPcm('Which speaker am I coming out of?');
  }, 60_000);

  afterAll(async () => {
    await driver?.close();
    await server?.stop();
    await clip?.cleanup();
  });

  /** Waits until the recorder has 200 ms more than now, so what was rendered so far has arrived. */
  async function settle(rec: Recorder): Promise<void> {
    const target = rec.bytes() + 200 * 48;
    await rec.waitUntil(() => rec.bytes() >= target, 10_000);
  }

  async function recorders(): Promise<Record<string, Recorder>> {
    const recs = { spk: server.record('spk.monitor'), sink_a: server.record('sink_a.monitor'), sink_b: server.record('sink_b.monitor') };
    await Promise.all(Object.values(recs).map((r) => r.ready));
    return recs;
  }

  it('lists outputs and inputs with stable host-API:name ids and the default marked', async () => {
    const list = await driver.call<Listing>('devices');
    const ids = list.outputs.map((d) => d.id);
    expect(ids).toEqual(expect.arrayContaining(['ALSA:out_a', 'ALSA:out_b', 'ALSA:default']));
    expect(list.outputs.filter((d) => d.isDefault)).toHaveLength(1);
    expect(list.inputs.filter((d) => d.isDefault)).toHaveLength(1);
    for (const d of list.outputs) {
      expect(d.maxChannels).toBeGreaterThan(0);
      expect(d.defaultSampleRate).toBeGreaterThan(0);
    }
    expect(list.fresh).toBe(true);
  });

  it('re-lists on demand when no stream is open, and says when it cannot', async () => {
    await server.addAlsaPcm('out_new', 'sink_b');
    const fresh = await driver.call<Listing>('devices');
    expect(fresh.fresh).toBe(true);
    expect(fresh.outputs.map((d) => d.id)).toContain('ALSA:out_new');

    await driver.call('capture.start');
    try {
      await server.addAlsaPcm('out_later', 'sink_b');
      const stale = await driver.call<Listing>('devices');
      expect(stale.fresh).toBe(false);
      expect(stale.outputs.map((d) => d.id)).not.toContain('ALSA:out_later');
    } finally {
      await driver.call('capture.stop');
    }
    const again = await driver.call<Listing>('devices');
    expect(again.outputs.map((d) => d.id)).toContain('ALSA:out_later');
  });

  it('plays on the chosen output only', async () => {
    for (const [device, sink, others] of [
      ['ALSA:out_a', 'sink_a', ['sink_b', 'spk']],
      ['ALSA:out_b', 'sink_b', ['sink_a', 'spk']],
    ] as const) {
      await driver.call('playback.create', { device });
      const recs = await recorders();
      const since = driver.log.length;
      await driver.call('playback.stream', { itemId: `pick-${sink}`, pcm: clip.pcm });
      await driver.waitEvent('playback:idle', 30_000, since);
      await Promise.all(Object.values(recs).map(settle));
      const got = Object.fromEntries(await Promise.all(Object.entries(recs).map(async ([k, r]) => [k, await r.stop()] as const)));
      expect(bestLag(toFloat(clip.pcm), toFloat(got[sink]!)).corr).toBeGreaterThanOrEqual(0.9);
      for (const other of others) expect(peakOf(got[other]!), `${other} should be silent`).toBeLessThan(100);
      expect(driver.log.slice(since).some((e) => e.name === 'playback:fallback')).toBe(false);
    }
  });

  it('resolves an unknown device to the default with a reason', async () => {
    const r = await driver.call<{ device: { id: string; isDefault: boolean }; fallback: { requestedId: string; reason: string } }>('resolve', {
      id: 'ALSA:unplugged-headset',
      kind: 'output',
    });
    expect(r.device.isDefault).toBe(true);
    expect(r.fallback.requestedId).toBe('ALSA:unplugged-headset');
    expect(r.fallback.reason).toMatch(/unplugged-headset.*not available.*default/);
  });

  it('reports a fallback when the chosen output vanishes mid-playback, and the audio goes on on the default', async () => {
    await driver.call('playback.create', { device: 'ALSA:out_a', routeWatch: true });
    const recs = await recorders();
    const since = driver.log.length;
    const long = Buffer.concat([clip.pcm, clip.pcm, clip.pcm]);
    const streaming = driver.call('playback.stream', { itemId: 'vanish', pcm: long });
    await recs.sink_a!.waitForSound(1000, 20_000);
    const module = await server.sinkModule('sink_a');
    expect(module).toBeDefined();
    await server.unloadModule(module!);
    const [fallback] = (await driver.waitEvent('playback:fallback', 10_000, since)) as [{ requestedId: string; reason: string }];
    expect(fallback.requestedId).toBe('ALSA:out_a');
    expect(fallback.reason).toMatch(/disconnected/);
    await recs.spk!.waitForSound(1000, 20_000);
    await streaming;
    await driver.waitEvent('playback:idle', 30_000, since);
    await Promise.all(Object.values(recs).map((r) => r.stop()));

    // The next reply: the PCM is still listed but cannot open any more, so the default stands in at once.
    const next = driver.log.length;
    const spk = server.record('spk.monitor');
    await spk.ready;
    await driver.call('playback.stream', { itemId: 'after-vanish', pcm: clip.pcm });
    const [again] = (await driver.waitEvent('playback:fallback', 10_000, next)) as [{ requestedId: string; reason: string }];
    expect(again.requestedId).toBe('ALSA:out_a');
    await driver.waitEvent('playback:idle', 30_000, next);
    await settle(spk);
    expect(bestLag(toFloat(clip.pcm), toFloat(await spk.stop())).corr).toBeGreaterThanOrEqual(0.9);
  });

  it('an output that refuses to open does not pin the device list', async () => {
    await server.addAlsaPcm('out_ghost', 'no_such_sink');
    expect((await driver.call<Listing>('devices')).outputs.map((d) => d.id)).toContain('ALSA:out_ghost');
    await driver.call('playback.create', { device: 'ALSA:out_ghost' });
    const since = driver.log.length;
    await driver.call('playback.stream', { itemId: 'ghost', pcm: clip.pcm.subarray(0, 24_000) });
    const [fallback] = (await driver.waitEvent('playback:fallback', 10_000, since)) as [{ requestedId: string; reason: string }];
    expect(fallback.reason).toMatch(/out_ghost.*could not be opened/);
    await driver.waitEvent('playback:idle', 30_000, since);

    // Upstream, the failed open kept PortAudio initialised for good: this listing would be stale.
    // (The stream that played is closing in the background after 'idle': wait for the listing to be fresh.)
    await server.addAlsaPcm('out_after_failure', 'sink_b');
    await vi.waitFor(async () => expect((await driver.call<Listing>('devices')).fresh).toBe(true), { timeout: 5000, interval: 50 });
    const after = await driver.call<Listing>('devices');
    expect(after.outputs.map((d) => d.id)).toContain('ALSA:out_after_failure');
  });
});
