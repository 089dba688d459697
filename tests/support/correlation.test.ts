// The signal-comparison helpers the real-audio tests rely on must themselves be able to fail.
import { describe, expect, it } from 'vitest';
import { bestLag, findGaps, medianWindowCorrelation, soundBounds } from './correlation';
import { prng } from './prng';

function noise(n: number, seed = 1): Float32Array {
  const rand = prng(seed);
  return Float32Array.from({ length: n }, () => (rand() - 0.5) * 0.8);
}

describe('correlation helpers', () => {
  const ref = noise(12000);

  it('finds the lag of a delayed copy', () => {
    const rec = new Float32Array(30000);
    rec.set(ref, 5123);
    const r = bestLag(ref, rec);
    expect(r.lag).toBe(5123);
    expect(r.corr).toBeCloseTo(1, 5);
  });

  it('finds a negative lag: the recording started after the clip did', () => {
    const rec = ref.subarray(300);
    const r = bestLag(ref, new Float32Array(rec));
    expect(r.lag).toBe(-300);
    expect(r.corr).toBeCloseTo(1, 5);
  });

  it('scores unrelated audio low', () => {
    expect(bestLag(ref, noise(30000, 7)).corr).toBeLessThan(0.2);
  });

  it('median window correlation survives one damaged window; gaps are found where audio is missing', () => {
    const rec = new Float32Array(20000);
    rec.set(ref, 1000);
    rec.fill(0, 1000 + 6000, 1000 + 6240); // 10 ms dropout
    expect(medianWindowCorrelation(ref, rec, 1000, 2400).median).toBeGreaterThan(0.99);
    expect(findGaps(ref, rec, 1000)).toEqual([{ refStart: 6000, lengthSamples: 240 }]);
    rec.set(ref, 1000);
    expect(findGaps(ref, rec, 1000)).toEqual([]);
  });

  it('soundBounds finds first and last non-silent samples', () => {
    const x = new Float32Array(100);
    x[10] = 0.5;
    x[90] = -0.5;
    expect(soundBounds(x)).toEqual({ first: 10, last: 90 });
  });
});
