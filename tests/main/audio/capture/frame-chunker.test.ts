import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { FrameChunker } from '../../../../src/main/audio/capture/frame-chunker';

describe('FrameChunker', () => {
  it('emits exact frames and carries the remainder, for any input split', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 3000 }), { maxLength: 20 }), (sizes) => {
        const ch = new FrameChunker(960);
        let n = 0;
        const all: Buffer[] = [];
        const out: Buffer[] = [];
        for (const size of sizes) {
          const b = Buffer.alloc(size);
          for (let i = 0; i < size; i++) b[i] = n++ & 0xff;
          all.push(b);
          out.push(...ch.push(b));
        }
        const input = Buffer.concat(all);
        for (const f of out) expect(f.length).toBe(960);
        expect(out.length).toBe(Math.floor(input.length / 960));
        expect(Buffer.concat(out)).toEqual(input.subarray(0, out.length * 960));
        expect(ch.buffered).toBe(input.length % 960);
      }),
    );
  });

  it('returns independent buffers', () => {
    const ch = new FrameChunker(4);
    const src = Buffer.from([1, 2, 3, 4, 5, 6, 7, 8]);
    const frames = ch.push(src);
    src.fill(0);
    expect(frames.map((f) => [...f])).toEqual([
      [1, 2, 3, 4],
      [5, 6, 7, 8],
    ]);
  });
});
