import { describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { JitterBuffer } from '../../../../src/main/audio/playback/jitter-buffer';

const pcm = (samples: number[]): Buffer => {
  const b = Buffer.alloc(samples.length * 2);
  samples.forEach((v, i) => b.writeInt16LE(v, i * 2));
  return b;
};

describe('JitterBuffer', () => {
  it('hands out samples in order, across items, with item-relative offsets', () => {
    const j = new JitterBuffer();
    j.push('a', pcm([1, 2, 3]));
    j.push('a', pcm([4]));
    j.push('b', pcm([10, 11]));
    expect(j.bufferedSamples).toBe(6);
    const first = j.take(2);
    expect(first).toEqual([{ itemId: 'a', itemOffset: 0, pcm: pcm([1, 2]) }]);
    const rest = j.take(10);
    const ints = (b: Buffer): number[] => Array.from({ length: b.length / 2 }, (_, i) => b.readInt16LE(i * 2));
    expect(rest.map((p) => [p.itemId, p.itemOffset, ints(p.pcm)])).toEqual([
      ['a', 2, [3, 4]],
      ['b', 0, [10, 11]],
    ]);
    expect(j.bufferedSamples).toBe(0);
    expect(j.receivedSamples('a')).toBe(4);
  });

  it('keeps a dangling byte until the item completes the sample', () => {
    const j = new JitterBuffer();
    const whole = pcm([1000, -2000, 3000]);
    j.push('a', whole.subarray(0, 3));
    expect(j.bufferedSamples).toBe(1);
    j.push('a', whole.subarray(3));
    expect(j.bufferedSamples).toBe(3);
    expect(Buffer.concat(j.take(3).map((p) => p.pcm))).toEqual(whole);
  });

  it('clear() drops what waits but keeps counts; forget() drops an item entirely', () => {
    const j = new JitterBuffer();
    j.push('a', pcm([1, 2]));
    j.push('b', pcm([3]));
    j.forget('a');
    expect(j.bufferedSamples).toBe(1);
    expect(j.receivedSamples('a')).toBe(0);
    j.clear();
    expect(j.bufferedSamples).toBe(0);
    expect(j.receivedSamples('b')).toBe(1);
  });

  it('knows which items still have audio to come until they end, are ended together, or are cleared', () => {
    const j = new JitterBuffer();
    expect(j.allEnded).toBe(true);
    j.push('a', pcm([1]));
    j.push('b', pcm([2]));
    expect(j.allEnded).toBe(false);
    expect(j.end('a')).toBe(true);
    expect(j.end('a')).toBe(false);
    expect(j.allEnded).toBe(false);
    j.endAll();
    expect(j.allEnded).toBe(true);
    expect(j.bufferedSamples).toBe(2); // what waits still plays
    j.push('c', pcm([3]));
    j.clear();
    expect(j.allEnded).toBe(true);
    j.push('d', pcm([4]));
    j.forget('d');
    expect(j.allEnded).toBe(true);
  });

  it('wakes a waiting writer when audio comes, an item ends or everything is cleared', async () => {
    vi.useFakeTimers();
    try {
      const j = new JitterBuffer();
      const timedOut = j.waitForChange(50);
      await vi.advanceTimersByTimeAsync(50);
      expect(await timedOut).toBe(false);
      const byPush = j.waitForChange(1000);
      j.push('a', pcm([1]));
      expect(await byPush).toBe(true);
      const byEnd = j.waitForChange(1000);
      j.end('a');
      expect(await byEnd).toBe(true);
      const byClear = j.waitForChange(1000);
      j.clear();
      expect(await byClear).toBe(true);
      expect(j.lastPushAt).toBeGreaterThan(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it('loses, duplicates and reorders nothing for any split of deltas and reads', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ item: fc.constantFrom('x', 'y'), bytes: fc.integer({ min: 0, max: 40 }) }), { maxLength: 30 }),
        fc.array(fc.integer({ min: 1, max: 25 }), { minLength: 1, maxLength: 10 }),
        (deltas, reads) => {
          const j = new JitterBuffer();
          let counter = 0;
          const whole = new Map<string, Buffer>();
          for (const d of deltas) {
            const bytes = Buffer.alloc(d.bytes);
            for (let i = 0; i < d.bytes; i++) bytes[i] = counter++ & 0xff;
            whole.set(d.item, Buffer.concat([whole.get(d.item) ?? Buffer.alloc(0), bytes]));
            j.push(d.item, bytes);
          }
          const got = new Map<string, Buffer>();
          let r = 0;
          while (j.bufferedSamples > 0) {
            for (const p of j.take(reads[r++ % reads.length]!)) {
              const before = got.get(p.itemId) ?? Buffer.alloc(0);
              expect(p.itemOffset).toBe(before.length / 2);
              got.set(p.itemId, Buffer.concat([before, p.pcm]));
            }
          }
          for (const [item, bytes] of whole) {
            const complete = bytes.subarray(0, bytes.length - (bytes.length % 2));
            expect(got.get(item) ?? Buffer.alloc(0)).toEqual(complete);
          }
        },
      ),
    );
  });
});
