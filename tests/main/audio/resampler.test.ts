import { describe, expect, it } from 'vitest';
import { createResampler } from '../../../src/main/audio/resampler';

function sine(rate: number, freq: number, seconds: number): Float32Array {
  const x = new Float32Array(Math.round(rate * seconds));
  for (let i = 0; i < x.length; i++) x[i] = 0.5 * Math.sin((2 * Math.PI * freq * i) / rate);
  return x;
}

// Zero crossings per second ≈ 2 × frequency.
function frequency(x: Float32Array, rate: number): number {
  let crossings = 0;
  for (let i = 1; i < x.length; i++) if ((x[i - 1]! < 0) !== (x[i]! < 0)) crossings++;
  return crossings / 2 / (x.length / rate);
}

describe('createResampler', () => {
  it('converts 48 kHz to 24 kHz in blocks, keeping pitch, level and length', async () => {
    const r = await createResampler(48000, 24000);
    const input = sine(48000, 440, 1);
    const out: Float32Array[] = [];
    for (let i = 0; i < input.length; i += 960) out.push(r.process(input.subarray(i, i + 960)));
    r.destroy();
    const y = new Float32Array(out.reduce((n, b) => n + b.length, 0));
    let o = 0;
    for (const b of out) {
      y.set(b, o);
      o += b.length;
    }
    expect(Math.abs(y.length - 24000)).toBeLessThan(100); // filter delay only
    const steady = y.subarray(1000, y.length - 1000);
    expect(frequency(steady, 24000)).toBeCloseTo(440, -1);
    const peak = steady.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    expect(peak).toBeGreaterThan(0.45);
    expect(peak).toBeLessThan(0.55);
  });

  it('passes 24 kHz through untouched', async () => {
    const r = await createResampler(24000, 24000);
    const x = sine(24000, 300, 0.1);
    expect(r.process(x)).toBe(x);
  });
});
