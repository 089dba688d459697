// The simulated room's echo path must itself be trustworthy: the echo tests and benchmarks built on it
// assume its delay, level, decay and non-linearity are what its options say, and that chunking is invisible.
import { describe, expect, it } from 'vitest';
import { EchoPath, echoPathImpulseResponse, type EchoPathOptions } from './echo-path';
import { prng } from './prng';

const RATE = 24000;
const ms = (n: number): number => Math.round((n * RATE) / 1000);

function pcm(samples: ArrayLike<number>): Buffer {
  const b = Buffer.alloc(samples.length * 2);
  for (let i = 0; i < samples.length; i++) b.writeInt16LE(Math.max(-32768, Math.min(32767, Math.round(samples[i]!))), i * 2);
  return b;
}

function samples(b: Buffer): Int16Array {
  const out = new Int16Array(b.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = b.readInt16LE(i * 2);
  return out;
}

function impulseAt(at: number, length: number, amplitude = 32767): Buffer {
  const x = new Float64Array(length);
  x[at] = amplitude;
  return pcm(x);
}

function through(opts: EchoPathOptions, input: Buffer): Int16Array {
  return samples(new EchoPath(opts).process(input));
}


function firstNonZero(x: ArrayLike<number>): number {
  for (let i = 0; i < x.length; i++) if (x[i] !== 0) return i;
  return -1;
}

function energy(x: ArrayLike<number>, from: number, to: number): number {
  let e = 0;
  for (let i = from; i < to; i++) e += x[i]! ** 2;
  return e;
}

/** Amplitude of the component at `freq` (Goertzel), over a window holding whole cycles of it. */
function amplitudeAt(x: ArrayLike<number>, from: number, n: number, freq: number): number {
  const w = (2 * Math.PI * freq) / RATE;
  const c = 2 * Math.cos(w);
  let s1 = 0;
  let s2 = 0;
  for (let i = from; i < from + n; i++) {
    const s = x[i]! + c * s1 - s2;
    s2 = s1;
    s1 = s;
  }
  return (2 * Math.sqrt(s1 * s1 + s2 * s2 - c * s1 * s2)) / n;
}

const db = (ratio: number): number => 20 * Math.log10(ratio);

describe('echo path', () => {
  it.each([30, 80, 150])('an impulse comes out first exactly %i ms later, also mid-stream', (delayMs) => {
    const atStart = through({ delayMs }, impulseAt(0, ms(400)));
    expect(firstNonZero(atStart)).toBe(ms(delayMs));
    const later = through({ delayMs }, impulseAt(1234, ms(400)));
    expect(firstNonZero(later)).toBe(1234 + ms(delayMs));
    expect(firstNonZero(echoPathImpulseResponse({ delayMs }))).toBe(ms(delayMs));
  });

  it.each([-6, -12, -20, 0])('the direct sound is at gainDb (%i dB) when linear', (gainDb) => {
    const out = through({ gainDb, drive: 1 }, impulseAt(0, ms(200)));
    expect(Math.abs(db(out[ms(80)]! / 32767) - gainDb)).toBeLessThan(0.5);
    expect(echoPathImpulseResponse({ gainDb })[ms(80)]).toBeCloseTo(10 ** (gainDb / 20), 6);
  });

  it('the exported impulse response is what the stream does to an impulse (to the LSB)', () => {
    const h = echoPathImpulseResponse({ delayMs: 50 }, 600);
    const out = through({ delayMs: 50, drive: 1 }, impulseAt(0, ms(600)));
    let worst = 0;
    for (let i = 0; i < out.length; i++) worst = Math.max(worst, Math.abs(out[i]! - h[i]! * 32767));
    expect(worst).toBeLessThanOrEqual(0.5 + 1e-6);
  });

  it('has early reflections and a late reverb that decays, window by window, at RT60 ≈ 0.3 s', () => {
    const h = echoPathImpulseResponse({ delayMs: 80, gainDb: 0 }, 1500);
    const d = ms(80);
    for (const [after, g] of [[7, 0.5], [13, 0.35], [23, 0.22]] as const) expect(h[d + ms(after)]).toBeCloseTo(g, 6);
    const windows = Array.from({ length: 8 }, (_, w) => energy(h, d + w * ms(50), d + (w + 1) * ms(50)));
    for (let w = 1; w < windows.length; w++) expect(windows[w]).toBeLessThan(windows[w - 1]! / 2);
    // The late part (after the reflections) stays well below the direct sound.
    expect(10 * Math.log10(energy(h, d + ms(25), h.length) / h[d]! ** 2)).toBeLessThan(-8);
    // Schroeder backward integration of the late part, RT60 from its -5 to -25 dB span.
    const from = d + ms(25);
    const total = energy(h, from, h.length);
    let remaining = total;
    let t5 = 0;
    let t25 = 0;
    for (let i = from; i < h.length && !t25; i++) {
      remaining -= h[i]! ** 2;
      const level = 10 * Math.log10(remaining / total);
      if (!t5 && level < -5) t5 = i;
      if (level < -25) t25 = i;
    }
    const rt60 = ((t25 - t5) / RATE) * 3;
    expect(rt60).toBeGreaterThan(0.25);
    expect(rt60).toBeLessThan(0.35);
  });

  it('reverb: false leaves only the delayed, attenuated direct sound', () => {
    const x = Array.from({ length: ms(300) }, (_, i) => Math.sin(i / 7) * 8000);
    const out = through({ reverb: false, drive: 1, delayMs: 40 }, pcm(x));
    for (let i = 0; i < out.length; i++) {
      const want = i < ms(40) ? 0 : Math.round(Math.round(x[i - ms(40)]!) * 10 ** (-6 / 20));
      expect(Math.abs(out[i]! - want)).toBeLessThanOrEqual(1);
    }
  });

  it('gives bit-identical output however the stream is chunked (odd sizes and offsets included)', () => {
    const rand = prng(7);
    // Noise bursts and loud tones, so the clipper, the reverb and the split-sample path all matter.
    const x = Array.from({ length: RATE * 2 }, (_, i) =>
      (i % 9000 < 4000 ? (rand() - 0.5) * 40000 : 0) + Math.sin(i / 11) * (i > RATE ? 30000 : 3000),
    );
    const input = pcm(x);
    const opts = { delayMs: 63, drive: 2.5 };
    const whole = new EchoPath(opts).process(input);
    expect(firstNonZero(samples(whole))).toBeGreaterThan(0);

    for (const seed of [1, 2, 3]) {
      const r = prng(seed);
      const path = new EchoPath(opts);
      const parts: Buffer[] = [];
      for (let at = 0; at < input.length; ) {
        const size = Math.min(input.length - at, Math.floor(r() * 1500) * (r() < 0.1 ? 0 : 1) + (r() < 0.5 ? 1 : 0));
        const part = path.process(input.subarray(at, at + size));
        expect(part.length).toBe(size);
        parts.push(part);
        at += size;
      }
      expect(Buffer.concat(parts).equals(whole)).toBe(true);
    }

    const byteWise = new EchoPath(opts);
    const head = input.subarray(0, ms(200) * 2);
    const bytes = Buffer.concat(Array.from(head, (_, i) => byteWise.process(head.subarray(i, i + 1))));
    expect(bytes.equals(whole.subarray(0, head.length))).toBe(true);
  });

  it('turns silence into silence, and returns to exact silence after sound', () => {
    expect(through({}, Buffer.alloc(RATE * 2)).every((v) => v === 0)).toBe(true);
    const burst = Array.from({ length: RATE * 3 }, (_, i) => (i < ms(200) ? Math.sin(i / 5) * 30000 : 0));
    const out = through({ delayMs: 150 }, pcm(burst));
    expect(energy(out, ms(150), ms(350))).toBeGreaterThan(0);
    expect(out.subarray(RATE * 2).every((v) => v === 0)).toBe(true);
  });

  it('distorts a loud tone (harmonics) but barely a quiet one when drive > 1, and neither when linear', () => {
    const freq = 750; // 32 samples a cycle: whole cycles in the window, so no leakage between harmonics
    const tone = (amplitude: number): Buffer => pcm(Array.from({ length: RATE * 2 }, (_, i) => amplitude * Math.sin((2 * Math.PI * freq * i) / RATE)));
    // Harmonic level relative to the fundamental, in the steady state after the reverb has built up.
    const distortion = (opts: EchoPathOptions, amplitude: number): number => {
      const out = through(opts, tone(amplitude));
      const from = RATE;
      const n = 32 * 700;
      const fundamental = amplitudeAt(out, from, n, freq);
      const harmonics = Math.hypot(amplitudeAt(out, from, n, 2 * freq), amplitudeAt(out, from, n, 3 * freq), amplitudeAt(out, from, n, 5 * freq));
      return db(harmonics / fundamental);
    };
    const loud = distortion({ drive: 1.5 }, 30000);
    // -30 dBFS: quieter still, the int16 rounding of a tone this periodic becomes the larger distortion.
    const quiet = distortion({ drive: 1.5 }, 1000);
    const loudLinear = distortion({ drive: 1 }, 30000);
    expect(loud).toBeGreaterThan(-30);
    expect(quiet).toBeLessThan(-60);
    expect(quiet).toBeLessThan(loud - 30);
    expect(loudLinear).toBeLessThan(-60);
  });

  it('rejects options outside the modelled range', () => {
    expect(() => new EchoPath({ delayMs: 29 })).toThrow(RangeError);
    expect(() => new EchoPath({ delayMs: 151 })).toThrow(RangeError);
    expect(() => new EchoPath({ drive: -1 })).toThrow(RangeError);
    expect(() => new EchoPath({ gainDb: Number.NaN })).toThrow(RangeError);
  });
});
