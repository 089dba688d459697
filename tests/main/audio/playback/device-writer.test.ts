// The device writer on a fake stream: what reaches the device, what the counter and the tap see, stalls.
import { describe, expect, it } from 'vitest';
import { DeviceWriter } from '../../../../src/main/audio/playback/device-writer';
import { PlayedSampleCounter } from '../../../../src/main/audio/playback/played-sample-counter';
import { FakePortAudio, pcmMs } from '../../../support/fake-portaudio';

function setup(stallMs = 1000) {
  const pa = new FakePortAudio();
  const counter = new PlayedSampleCounter();
  const started: string[] = [];
  const taps: Buffer[] = [];
  const writer = new DeviceWriter(counter, stallMs, (id) => started.push(id), { write: (pcm) => taps.push(Buffer.from(pcm)), cut: () => undefined });
  const stream = pa.open('output', { sampleRate: 24000, channels: 1 });
  writer.begin();
  return { pa, counter, started, taps, writer, stream };
}

describe('DeviceWriter', () => {
  it('writes item pieces as one chunk at the volume, places them on the timeline and shows them to the tap', async () => {
    const { pa, counter, started, taps, writer, stream } = setup();
    writer.volume = 0.5;
    await writer.leadIn(stream, 240);
    const taken = await writer.items(stream, [
      { itemId: 'a', itemOffset: 0, pcm: pcmMs(5, 1000) },
      { itemId: 'b', itemOffset: 0, pcm: pcmMs(5, 2000) },
    ]);
    expect(taken).toBe(true);
    expect(await writer.silence(stream, 48)).toBe(true);
    const writes = pa.outputs[0]!.writes;
    expect(writes.map((w) => w.length / 2)).toEqual([240, 240, 48]);
    expect(writes[1]!.readInt16LE(0)).toBe(500);
    expect(writes[1]!.readInt16LE(239 * 2)).toBe(1000);
    expect(taps).toEqual(writes);
    expect(counter.lastItemEnd()).toBe(480);
    expect(started).toEqual(['a', 'b']);
  });

  it("says 'started' once per item until reset", async () => {
    const { started, writer, stream } = setup();
    await writer.items(stream, [{ itemId: 'a', itemOffset: 0, pcm: pcmMs(1) }]);
    await writer.items(stream, [{ itemId: 'a', itemOffset: 24, pcm: pcmMs(1) }]);
    writer.reset();
    await writer.items(stream, [{ itemId: 'a', itemOffset: 48, pcm: pcmMs(1) }]);
    expect(started).toEqual(['a', 'a']);
  });

  it('reports a write the device does not take within stallMs', async () => {
    const pa = new FakePortAudio();
    pa.stallAfter = 0;
    const writer = new DeviceWriter(new PlayedSampleCounter(), 20, () => undefined, null);
    const stream = pa.open('output', { sampleRate: 24000, channels: 1 });
    writer.begin();
    expect(await writer.silence(stream, 240)).toBe(false);
  });
});
