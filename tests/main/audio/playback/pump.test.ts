// The write loop through AudioPlayback on a fake PortAudio (no sound server): the device tap, the state
// table, start threshold, late audio, a stalled device and a device that cannot be opened.
import { describe, expect, it, vi } from 'vitest';
import { AudioPlayback } from '../../../../src/main/audio/playback/speaker';
import type { PlaybackOptions } from '../../../../src/main/audio/playback/speaker';
import { FakePortAudio, pcmMs } from '../../../support/fake-portaudio';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function setup(options: Partial<PlaybackOptions> = {}) {
  const pa = new FakePortAudio();
  const taps: { pcm: Buffer; at: number }[] = [];
  const cuts: number[] = [];
  const deviceTap = { write: (pcm: Buffer, at: number) => taps.push({ pcm: Buffer.from(pcm), at }), cut: (at: number) => cuts.push(at) };
  const speaker = new AudioPlayback({ portAudio: pa, deviceTap, ...options });
  const events: string[] = [];
  speaker.on('started', (id) => events.push(`started ${id}`));
  speaker.on('idle', () => events.push('idle'));
  speaker.on('error', (e) => events.push(`error ${e.kind}`));
  speaker.on('fallback', () => events.push('fallback'));
  const idle = (): Promise<void> => new Promise((resolve) => speaker.once('idle', () => resolve()));
  return { pa, speaker, taps, cuts, events, idle };
}

/** Samples at `level` in a chunk. */
const samplesAt = (pcm: Buffer, level: number): number => {
  let n = 0;
  for (let i = 0; i + 1 < pcm.length; i += 2) if (pcm.readInt16LE(i) === level) n++;
  return n;
};

describe('pump', () => {
  it('passes every device write through the tap, in device order, with the time it becomes audible', async () => {
    const { pa, speaker, taps, cuts, idle } = setup();
    const done = idle();
    const t0 = performance.now();
    speaker.play('a', pcmMs(70));
    await sleep(200); // the item runs dry: the pump bridges with silence
    speaker.play('a', pcmMs(30));
    speaker.endItem('a');
    await done;
    expect(speaker.stats.bridgedMs).toBeGreaterThan(0);
    expect(taps.map((t) => t.pcm)).toEqual(pa.allWrites);
    const all = Buffer.concat(taps.map((t) => t.pcm));
    expect(samplesAt(all, 1000)).toBe(100 * 24);
    // Lead-in, item audio, bridging silence and the tail: nothing else reached the device.
    expect(all.length / 2).toBe(40 * 24 + 100 * 24 + (speaker.stats.bridgedMs + 150) * 24);
    const times = taps.map((t) => t.at);
    expect(times[0]).toBeGreaterThanOrEqual(t0);
    expect(times).toEqual([...times].sort((x, y) => x - y));
    // Each chunk is placed after the one before it on the device timeline: never earlier than its end.
    for (let i = 1; i < taps.length; i++) expect(times[i]!).toBeGreaterThanOrEqual(times[i - 1]! + taps[i - 1]!.pcm.length / 48 - 1);
    expect(cuts).toHaveLength(1); // the stream closed once drained
  });

  it('tells the tap where a stop cut the sound', async () => {
    const { speaker, cuts } = setup();
    speaker.play('a', pcmMs(1000));
    await vi.waitFor(() => expect(speaker.state).toBe('playing'), { interval: 1 });
    const before = performance.now();
    await speaker.stop();
    expect(cuts).toHaveLength(1);
    expect(cuts[0]!).toBeGreaterThanOrEqual(before);
  });

  it('tops up a full queue once refillMs has played from it: a reply that arrived all at once takes few writes', async () => {
    const { pa, speaker, idle } = setup({ aheadMs: 400, refillMs: 100, chunkMs: 20 });
    const done = idle();
    speaker.play('a', pcmMs(1500));
    speaker.endItem('a');
    await done;
    const itemWrites = pa.allWrites.filter((w) => samplesAt(w, 1000) > 0);
    expect(samplesAt(Buffer.concat(itemWrites), 1000)).toBe(1500 * 24);
    // 400 ms at once, then about 100 ms at a time: ≈ 12 writes. A late event loop only makes them fewer and
    // larger; one every chunk (20 ms) would be ≈ 55.
    expect(itemWrites.length).toBeLessThanOrEqual(20);
  });

  it('gives a stream opened ahead by prepare() the longer lead-in, and a fresh one the usual', async () => {
    const { pa, speaker, idle } = setup({ leadInMs: 40, preparedLeadInMs: 80 });
    speaker.prepare();
    let done = idle();
    speaker.play('a', pcmMs(100));
    speaker.endItem('a');
    await done;
    expect(pa.outputs[0]!.writes[0]!.length / 2).toBe(80 * 24);
    done = idle();
    speaker.play('b', pcmMs(100));
    speaker.endItem('b');
    await done;
    expect(pa.outputs[1]!.writes[0]!.length / 2).toBe(40 * 24);
  });

  it('goes idle → buffering → playing → draining → idle for one item', async () => {
    // Transitions outside the table throw in tests, and would surface here as an 'error open'.
    const { speaker, events, idle } = setup();
    const done = idle();
    speaker.play('a', pcmMs(20)); // under the 60 ms start threshold
    expect(speaker.state).toBe('buffering');
    expect(speaker.playing).toBe(true);
    speaker.play('a', pcmMs(50));
    expect(speaker.state).toBe('playing');
    speaker.endItem('a');
    await vi.waitFor(() => expect(speaker.state).toBe('draining'), { interval: 1 });
    await done;
    expect(speaker.state).toBe('idle');
    expect(speaker.playing).toBe(false);
    expect(events).toEqual(['started a', 'idle']);
    expect(speaker.playedMs('a')).toBeCloseTo(70, 0);
  });

  it('keeps the stream when the next item comes during the tail', async () => {
    const { pa, speaker, events, idle } = setup();
    speaker.play('a', pcmMs(80));
    speaker.endItem('a');
    await vi.waitFor(() => expect(speaker.state).toBe('draining'), { interval: 1 });
    const done = idle();
    speaker.play('b', pcmMs(80));
    speaker.endItem('b');
    await done;
    expect(pa.outputs).toHaveLength(1);
    expect(events).toEqual(['started a', 'started b', 'idle']);
  });

  it('waits for the start threshold, or for the start timeout with less', async () => {
    const { pa, speaker, idle } = setup({ startTimeoutMs: 300 });
    const done = idle();
    speaker.play('a', pcmMs(20));
    await sleep(50);
    expect(pa.opens).toBe(0);
    await vi.waitFor(() => expect(pa.opens).toBe(1), { timeout: 2000, interval: 5 });
    speaker.endItem('a');
    await done;
  });

  it('reopens a device that stops taking audio, and plays the rest there', async () => {
    const { pa, speaker, taps, events, idle } = setup({ stallMs: 50, chunkMs: 10, aheadMs: 10 }); // one chunk per write
    pa.stallAfter = 3; // the lead-in and two chunks, then nothing
    speaker.on('error', () => (pa.stallAfter = Infinity));
    const done = idle();
    speaker.play('a', pcmMs(200));
    speaker.endItem('a');
    await done;
    expect(events).toEqual(['started a', 'error stalled', 'idle']);
    expect(speaker.stats.stalls).toBe(1);
    expect(pa.outputs).toHaveLength(2);
    expect(pa.outputs[0]!.quit).toBe('ABORT');
    expect(taps.map((t) => t.pcm)).toEqual(pa.allWrites);
    // The chunk the dead device never took is lost; everything after it plays on the new stream.
    expect(samplesAt(Buffer.concat(pa.outputs[1]!.writes), 1000)).toBe(200 * 24 - 3 * 10 * 24);
  });

  it('a device that cannot be opened fails that item, and the next item opens again (no wedge)', async () => {
    const { pa, speaker, events } = setup();
    pa.openError = new Error('boom');
    expect(speaker.play('a', pcmMs(100))).toBe(true);
    await vi.waitFor(() => expect(events).toEqual(['error open', 'idle']));
    expect(speaker.playing).toBe(false);
    expect(speaker.state).toBe('idle');
    // The rest of the failed item is dropped rather than played late.
    expect(speaker.play('a', pcmMs(100))).toBe(false);
    pa.openError = null;
    const done = new Promise<void>((resolve) => speaker.once('idle', () => resolve()));
    expect(speaker.play('b', pcmMs(100))).toBe(true);
    speaker.endItem('b');
    await done;
    expect(events).toEqual(['error open', 'idle', 'started b', 'idle']);
    expect(samplesAt(Buffer.concat(pa.allWrites), 1000)).toBe(100 * 24);
  });

  it('with no output device at all, says so; a later item tries again', async () => {
    const { pa, speaker, events } = setup({ device: 'ALSA:headset' });
    const devices = pa.devices;
    pa.devices = [];
    speaker.play('a', pcmMs(100));
    await vi.waitFor(() => expect(events).toEqual(['error no-device', 'idle']));
    pa.devices = devices;
    const done = new Promise<void>((resolve) => speaker.once('idle', () => resolve()));
    speaker.play('b', pcmMs(100));
    speaker.endItem('b');
    await done;
    expect(events).toEqual(['error no-device', 'idle', 'started b', 'idle']);
  });

  it('applies the volume to item audio only', async () => {
    const { speaker, taps, idle } = setup({ volume: 0.5 });
    const done = idle();
    speaker.play('a', pcmMs(100));
    speaker.endItem('a');
    await done;
    const all = Buffer.concat(taps.map((t) => t.pcm));
    expect(samplesAt(all, 500)).toBe(100 * 24);
    expect(samplesAt(all, 1000)).toBe(0);
  });
});
