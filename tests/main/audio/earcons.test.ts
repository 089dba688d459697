import { describe, expect, it } from 'vitest';
import { earconPcm } from '../../../src/main/audio/earcons';
import { SAMPLE_RATE } from '../../../src/shared/audio-format';

/** The strongest of `candidates` (Hz) in a stretch of pcm16, by correlation with a sine and a cosine. */
function dominant(pcm: Buffer, from: number, to: number, candidates: number[]): number {
  const power = (hz: number): number => {
    let s = 0;
    let c = 0;
    for (let i = from; i < to; i++) {
      const x = pcm.readInt16LE(i * 2);
      s += x * Math.sin((2 * Math.PI * hz * i) / SAMPLE_RATE);
      c += x * Math.cos((2 * Math.PI * hz * i) / SAMPLE_RATE);
    }
    return s * s + c * c;
  };
  return candidates.reduce((best, hz) => (power(hz) > power(best) ? hz : best));
}

describe('earcons', () => {
  it('rise at the press and fall at the release, ≈ 105 ms, soft, without clicks at either end', () => {
    const start = earconPcm('start');
    const stop = earconPcm('stop');
    for (const pcm of [start, stop]) {
      const samples = pcm.length / 2;
      expect(samples / 24).toBeCloseTo(105, 0);
      let peak = 0;
      for (let i = 0; i < samples; i++) peak = Math.max(peak, Math.abs(pcm.readInt16LE(i * 2)));
      expect(peak / 32767).toBeLessThanOrEqual(0.13);
      expect(peak / 32767).toBeGreaterThan(0.1);
      expect(Math.abs(pcm.readInt16LE(0))).toBe(0);
      expect(Math.abs(pcm.readInt16LE(pcm.length - 2))).toBeLessThan(50);
    }
    const halves = (pcm: Buffer): number[] => [dominant(pcm, 0, 1080, [660, 880]), dominant(pcm, 1440, 2520, [660, 880])];
    expect(halves(start)).toEqual([660, 880]);
    expect(halves(stop)).toEqual([880, 660]);
  });
});
