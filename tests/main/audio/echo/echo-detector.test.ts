// Pure level arithmetic: no audio devices. Signals are seeded noise under a syllable-like envelope, so
// every run sees the same frames.
import { describe, expect, it } from 'vitest';
import { ResidualEchoDetector } from '../../../../src/main/audio/echo/echo-detector';
import { prng } from '../../../support/prng';

// The detector only sees 10 ms RMS values, so a low sample rate keeps a minute of signal cheap to build.
const RATE = 8000;
const FRAME = RATE / 100;
const FAR_ACTIVE = 10 ** (-50 / 20);


const samples = (ms: number): number => Math.round((ms * RATE) / 1000);
/** Uniform noise in [-a, a] has an RMS of a/√3. */
const peakFor = (dbfs: number): number => 10 ** (dbfs / 20) * Math.sqrt(3);

/** Speech-like: syllables of 100–300 ms (3–5 a second with their gaps), ±6 dB apart, and phrase pauses. */
function speech(ms: number, seed: number, dbfs = -20): Float32Array {
  const rand = prng(seed);
  const out = new Float32Array(samples(ms));
  const ramp = samples(20);
  let i = 0;
  while (i < out.length) {
    if (rand() < 0.12) {
      i += samples(300 + rand() * 500);
      continue;
    }
    const on = samples(100 + rand() * 200);
    const gain = peakFor(dbfs) * 10 ** ((rand() * 12 - 6) / 20);
    for (let k = 0; k < on && i + k < out.length; k++) out[i + k] = gain * Math.min(1, k / ramp, (on - k) / ramp) * (2 * rand() - 1);
    i += on + samples(40 + rand() * 120);
  }
  return out;
}

function noise(length: number, seed: number, dbfs: number): Float32Array {
  const rand = prng(seed);
  const peak = peakFor(dbfs);
  return Float32Array.from({ length }, () => peak * (2 * rand() - 1));
}

/** `x` later by `ms` (earlier if negative), scaled by `gainDb`. */
function shifted(x: Float32Array, ms: number, gainDb: number): Float32Array {
  const d = samples(ms);
  const g = 10 ** (gainDb / 20);
  return Float32Array.from(x, (_, i) => g * (x[i - d] ?? 0));
}

function mix(...xs: Float32Array[]): Float32Array {
  const out = new Float32Array(xs[0]!.length);
  for (const x of xs) for (let i = 0; i < out.length; i++) out[i]! += x[i]!;
  return out;
}

/** What a canceller's suppressor leaves: a room tail, and a gain that jumps by up to ±`jitterDb` every frame. */
function suppressed(echo: Float32Array, jitterDb: number, seed: number): Float32Array {
  const out = mix(echo, shifted(echo, 30, -6), shifted(echo, 70, -12));
  const rand = prng(seed);
  for (let f = 0; f < out.length; f += FRAME) {
    const g = 10 ** (((2 * rand() - 1) * jitterDb) / 20);
    for (let i = f; i < Math.min(f + FRAME, out.length); i++) out[i]! *= g;
  }
  return out;
}

function rms(x: Float32Array): number[] {
  const out: number[] = [];
  for (let f = 0; f + FRAME <= x.length; f += FRAME) {
    let sum = 0;
    for (let i = f; i < f + FRAME; i++) sum += x[i]! * x[i]!;
    out.push(Math.sqrt(sum / FRAME));
  }
  return out;
}

interface Run {
  /** Frame index of each true returned. */
  verdicts: number[];
  /** Far-active time before the first verdict, ms. */
  activeMsAtVerdict: number;
  maxCorrelation: number;
}

function run(detector: ResidualEchoDetector, far: Float32Array, sent: Float32Array): Run {
  const f = rms(far);
  const s = rms(sent);
  const verdicts: number[] = [];
  let activeMs = 0;
  let activeMsAtVerdict = NaN;
  let maxCorrelation = -1;
  for (let i = 0; i < f.length; i++) {
    if (f[i]! > FAR_ACTIVE) activeMs += 10;
    if (detector.push(f[i]!, s[i]!)) {
      if (verdicts.length === 0) activeMsAtVerdict = activeMs;
      verdicts.push(i);
    }
    if (detector.correlation > maxCorrelation) maxCorrelation = detector.correlation;
  }
  return { verdicts, activeMsAtVerdict, maxCorrelation };
}

const MINUTE = 60_000;
const floorNoise = (far: Float32Array, seed: number): Float32Array => noise(far.length, seed, -70);

describe('ResidualEchoDetector', () => {
  it('flags an echo 120 ms behind the far end within about 2.5 s of far-end speech', () => {
    const far = speech(10_000, 1);
    const d = new ResidualEchoDetector();
    const r = run(d, far, mix(shifted(far, 120, -20), floorNoise(far, 101)));
    expect(r.verdicts).toHaveLength(1);
    expect(r.activeMsAtVerdict).toBeLessThanOrEqual(2500);
    expect(d.lagMs).toBeGreaterThanOrEqual(100);
    expect(d.lagMs).toBeLessThanOrEqual(140);
  });

  it('flags a 400 ms (Bluetooth) echo and reports its delay', () => {
    const far = speech(10_000, 2);
    const d = new ResidualEchoDetector();
    const r = run(d, far, mix(shifted(far, 400, -20), floorNoise(far, 102)));
    expect(r.verdicts).toHaveLength(1);
    expect(r.activeMsAtVerdict).toBeLessThanOrEqual(2500);
    expect(Math.abs(d.lagMs - 400)).toBeLessThanOrEqual(20);
  });

  it('flags a residual that a suppressor keeps modulating, with a room tail', () => {
    const far = speech(10_000, 3);
    const d = new ResidualEchoDetector();
    const r = run(d, far, mix(suppressed(shifted(far, 250, -25), 10, 3), noise(far.length, 103, -65)));
    expect(r.verdicts).toHaveLength(1);
    expect(r.activeMsAtVerdict).toBeLessThanOrEqual(3000);
    expect(Math.abs(d.lagMs - 250)).toBeLessThanOrEqual(20);
  });

  it('ignores an echo that follows the far end but stays under the floor, over a minute', () => {
    const far = speech(MINUTE, 4);
    // The residual sits about -60 dBFS, above the noise floor, so it correlates: only its level keeps it out.
    const r = run(new ResidualEchoDetector(), far, mix(shifted(far, 120, -40), floorNoise(far, 104)));
    expect(r.maxCorrelation).toBeGreaterThan(0.8);
    expect(r.verdicts).toEqual([]);
  });

  it('the same residual made 20 dB louder is flagged', () => {
    const far = speech(MINUTE, 4);
    const r = run(new ResidualEchoDetector(), far, mix(shifted(far, 120, -20), floorNoise(far, 104)));
    expect(r.verdicts).toHaveLength(1);
  });

  it.each([5, 6, 7])('ignores double talk: loud near-end speech over a cancelled echo, over a minute (seed %i)', (seed) => {
    const far = speech(MINUTE, seed);
    const sent = mix(speech(MINUTE, seed + 1000, -20), suppressed(shifted(far, 120, -40), 6, seed), floorNoise(far, seed + 100));
    expect(run(new ResidualEchoDetector(), far, sent).verdicts).toEqual([]);
  });

  it('ignores near-end speech while the far end is silent', () => {
    const far = new Float32Array(samples(MINUTE));
    const sent = mix(speech(MINUTE, 8), floorNoise(far, 108));
    const d = new ResidualEchoDetector();
    expect(run(d, far, sent).verdicts).toEqual([]);
    expect(d.correlation).toBeNaN();
  });

  it('does not match a sent signal that leads the far end: echo only comes after', () => {
    const far = speech(MINUTE, 9);
    expect(run(new ResidualEchoDetector(), far, mix(shifted(far, -120, -20), floorNoise(far, 109))).verdicts).toEqual([]);
  });

  it('does not look past maxLagMs', () => {
    const far = speech(10_000, 2);
    const sent = mix(shifted(far, 400, -20), floorNoise(far, 102));
    expect(run(new ResidualEchoDetector({ maxLagMs: 300 }), far, sent).verdicts).toEqual([]);
  });

  it('gives its verdict once, then stays quiet until reset(), which forgets the evidence', () => {
    const far = speech(20_000, 10);
    const sent = mix(shifted(far, 120, -20), floorNoise(far, 110));
    const d = new ResidualEchoDetector();
    const first = run(d, far, sent);
    expect(first.verdicts).toHaveLength(1);
    expect(first.verdicts[0]).toBeLessThan(500); // then 15 s more of the same echo, all false

    d.reset();
    expect(d.correlation).toBeNaN();
    const f = rms(far);
    const s = rms(sent);
    // Too little history to judge yet: nothing was carried over from before reset().
    for (let i = 0; i < 40; i++) expect(d.push(f[i]!, s[i]!)).toBe(false);
    expect(d.correlation).toBeNaN();
    let again = -1;
    for (let i = 40; i < f.length && again < 0; i++) if (d.push(f[i]!, s[i]!)) again = i;
    expect(again).toBe(first.verdicts[0]);
  });

  it('keeps its evidence over a far-end pause: silence is no sign of a clean line', () => {
    const far = speech(10_000, 11);
    const f = rms(far);
    const s = rms(mix(shifted(far, 120, -20), floorNoise(far, 111)));
    const fresh = run(new ResidualEchoDetector(), far, mix(shifted(far, 120, -20), floorNoise(far, 111)));
    const cut = fresh.verdicts[0]! - 30; // three evaluations short of the verdict

    const d = new ResidualEchoDetector();
    for (let i = 0; i < cut; i++) expect(d.push(f[i]!, s[i]!)).toBe(false);
    const hush = rms(floorNoise(new Float32Array(samples(5_000)), 211));
    for (const level of hush) expect(d.push(0, level)).toBe(false);
    let resumed = -1;
    for (let i = cut; i < f.length && resumed < 0; i++) if (d.push(f[i]!, s[i]!)) resumed = i - cut;
    let afresh = -1;
    const other = new ResidualEchoDetector();
    for (let i = cut; i < f.length && afresh < 0; i++) if (other.push(f[i]!, s[i]!)) afresh = i - cut;
    expect(resumed).toBeGreaterThan(0);
    expect(afresh).toBeGreaterThan(resumed + 50);
  });
});
