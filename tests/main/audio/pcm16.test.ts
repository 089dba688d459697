import { describe, expect, it } from 'vitest';
import { floatToPcm16, levelOf, scalePcm16, toMonoFloat } from '../../../src/main/audio/pcm16';

const ints = (b: Buffer): number[] => Array.from({ length: b.length / 2 }, (_, i) => b.readInt16LE(i * 2));
const pcm = (xs: number[]): Buffer => {
  const b = Buffer.alloc(xs.length * 2);
  xs.forEach((v, i) => b.writeInt16LE(v, i * 2));
  return b;
};

describe('pcm16 helpers', () => {
  it('downmixes interleaved stereo by averaging', () => {
    const mono = toMonoFloat(pcm([16384, 0, -32768, -32768]), 2);
    expect([...mono]).toEqual([0.25, -1]);
  });

  it('round-trips float and clips out-of-range values', () => {
    expect(ints(floatToPcm16(new Float32Array([0, 0.5, -0.5, 1.5, -1.5])))).toEqual([0, 16384, -16384, 32767, -32768]);
  });

  it('scales by volume and leaves unity gain untouched', () => {
    const x = pcm([1000, -1000, 32767]);
    expect(scalePcm16(x, 1)).toBe(x);
    expect(ints(scalePcm16(x, 0.5))).toEqual([500, -500, 16384]);
    expect(ints(scalePcm16(x, 0))).toEqual([0, 0, 0]);
  });

  it('measures full scale as 0 dBFS peak', () => {
    expect(levelOf(pcm([32767, -32768])).peakDbfs).toBeCloseTo(0, 3);
  });
});
