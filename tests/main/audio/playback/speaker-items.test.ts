// The speaker's per-item state on a fake PortAudio: interrupt() cuts the playing item at once and reports
// what was heard of what was received; cut items stay cut (bounded); an id reused by a new response plays.
import { describe, expect, it, vi } from 'vitest';
import { AudioPlayback } from '../../../../src/main/audio/playback/speaker';
import { FakePortAudio, pcmMs } from '../../../support/fake-portaudio';

const LATE = 777;

function setup() {
  const pa = new FakePortAudio();
  const speaker = new AudioPlayback({ portAudio: pa });
  const idle: string[] = [];
  speaker.on('idle', () => idle.push('idle'));
  return { pa, speaker, idle };
}

const written = (pa: FakePortAudio, level: number): number => {
  const all = Buffer.concat(pa.allWrites);
  let n = 0;
  for (let i = 0; i + 1 < all.length; i += 2) if (all.readInt16LE(i) === level) n++;
  return n;
};

describe('AudioPlayback items', () => {
  it('interrupt() with nothing playing resolves null and stops nothing', async () => {
    const { pa, speaker, idle } = setup();
    expect(await speaker.interrupt()).toBeNull();
    expect(idle).toEqual([]);
    expect(pa.opens).toBe(0);
  });

  it('interrupt() cuts the item at once, never plays its late deltas, and reports what was heard', async () => {
    const { pa, speaker, idle } = setup();
    speaker.play('a', pcmMs(1000));
    await vi.waitFor(() => expect(speaker.playedMs('a')).toBeGreaterThan(150), { interval: 2 });
    const cut = speaker.interrupt();
    // Synchronously: the item is cut, playback is idle, deltas still in flight are refused.
    expect(speaker.playing).toBe(false);
    expect(idle).toEqual(['idle']);
    expect(speaker.play('a', pcmMs(100, LATE))).toBe(false);
    const result = await cut;
    expect(result).toMatchObject({ itemId: 'a', receivedMs: 1000 });
    expect(result!.playedMs).toBeGreaterThan(100);
    expect(result!.playedMs).toBeLessThan(1000);
    expect(speaker.playedMs('a')).toBe(result!.playedMs); // frozen
    expect(pa.outputs[0]!.quit).toBe('ABORT');
    await new Promise((r) => setTimeout(r, 50));
    expect(written(pa, LATE)).toBe(0);
  });

  it('reports the latest item, never more than it received', async () => {
    const { speaker } = setup();
    speaker.play('a', pcmMs(100));
    speaker.endItem('a');
    speaker.play('b', pcmMs(30));
    const result = await speaker.interrupt();
    expect(result?.itemId).toBe('b');
    expect(result!.playedMs).toBeLessThanOrEqual(result!.receivedMs);
    expect(result!.receivedMs).toBe(30);
    // Both items were cut.
    expect(speaker.play('a', pcmMs(10))).toBe(false);
    expect(speaker.play('b', pcmMs(10))).toBe(false);
  });

  it('stop() cuts what plays too, without a report', async () => {
    const { speaker, idle } = setup();
    speaker.play('a', pcmMs(100));
    await speaker.stop();
    expect(idle).toEqual(['idle']);
    expect(speaker.play('a', pcmMs(10))).toBe(false);
    await speaker.stop(); // idle already: no second 'idle'
    expect(idle).toEqual(['idle']);
  });

  it('reopenItem() lets a new response reuse a cut id, counted afresh', async () => {
    const { speaker } = setup();
    speaker.play('', pcmMs(200));
    expect((await speaker.interrupt())?.receivedMs).toBe(200);
    expect(speaker.play('', pcmMs(10))).toBe(false);
    speaker.reopenItem('');
    expect(speaker.play('', pcmMs(50))).toBe(true);
    const second = await speaker.interrupt();
    expect(second).toMatchObject({ itemId: '', receivedMs: 50 });
  });

  it('reopenItem() leaves an item that was not cut alone', async () => {
    const { speaker } = setup();
    speaker.play('a', pcmMs(100));
    speaker.reopenItem('a');
    expect(speaker.playing).toBe(true);
    expect((await speaker.interrupt())?.receivedMs).toBe(100);
  });

  it('remembers the most recent 256 items: older cut items are forgotten', async () => {
    const { speaker } = setup();
    for (let i = 0; i < 300; i++) {
      speaker.play(`item-${i}`, pcmMs(1));
      await speaker.stop();
    }
    expect(speaker.play('item-299', pcmMs(1))).toBe(false);
    expect(speaker.play('item-44', pcmMs(1))).toBe(false);
    expect(speaker.play('item-43', pcmMs(1))).toBe(true);
    await speaker.stop();
  });

  it('counts received audio once per item, odd-length deltas included', async () => {
    const { speaker } = setup();
    const pcm = pcmMs(20);
    speaker.play('a', pcm.subarray(0, 481));
    speaker.play('a', pcm.subarray(481));
    expect((await speaker.interrupt())?.receivedMs).toBe(20);
  });
});
