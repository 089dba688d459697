// A simulated room's echo path for echo-cancellation tests and benchmarks: what the app plays to its
// speaker reaches its microphone late, attenuated, smeared by the room and slightly distorted by a small
// loudspeaker. Pure and deterministic (24 kHz mono s16le in, the same number of bytes out), with all state
// carried across calls so that how the stream is chunked never changes a single output bit.
//
//   x ─ loudspeaker (soft clip) ─ delay ─┬─ direct sound ───────────────────────┬─ gain ─ y
//                                        ├─ early reflections (fixed taps) ─────┤
//                                        └─ late reverb (4 combs → 2 allpasses) ┘
//
// The clipper sits at the loudspeaker, i.e. on the full-level signal before the room and the path loss:
// a small speaker distorts what it is driven with, and the room then carries the distortion along with
// everything else. It is tanh(drive·x)/drive: unity gain for quiet signals (so the direct path stays at
// gainDb whatever the drive, and the path's linear impulse response is its small-signal response), with
// loud peaks compressed by up to 20·log10(tanh(drive)/drive) dB at full scale (-4.4 dB at drive 1.5).
//
// Every output sample depends only on input at least delayMs old, which is what lets a chunk end in the
// middle of a sample: the output sample's first byte is emitted at once and its second with the next chunk.

export const ECHO_RATE = 24000;
const PER_MS = ECHO_RATE / 1000;

export interface EchoPathOptions {
  /** Loudspeaker-to-microphone delay of the direct sound, 30–150 ms (default 80). */
  delayMs?: number;
  /** Level of the direct sound relative to what was played, in dB (default -6). */
  gainDb?: number;
  /** Early reflections and late reverberation (default true); false leaves only the direct sound. */
  reverb?: boolean;
  /** Loudspeaker non-linearity, tanh(drive·x)/drive (default 1.5); 0 or 1 means linear. */
  drive?: number;
}

// Early reflections: [ms after the direct sound, gain relative to it] (desk, nearby wall, ceiling).
const REFLECTIONS: readonly (readonly [number, number])[] = [
  [7, 0.5],
  [13, 0.35],
  [23, 0.22],
];
// Freeverb's comb and allpass lengths scaled from 44.1 to 24 kHz and moved to nearby primes, so the combs'
// echoes rarely coincide. The combs (25–31 ms) start just after the last early reflection.
const COMB_LENGTHS = [607, 647, 691, 739];
const ALLPASS_LENGTHS = [307, 241];
const ALLPASS_FEEDBACK = 0.5;
// One-pole low-pass in each comb's loop: high frequencies die sooner, as in a furnished room.
const DAMP = 0.25;
// The combs' decay time at DC; with the damping the broadband RT60 (Schroeder, T20) comes to ≈ 0.3 s.
const RT60_S = 0.36;
// Level into the combs: the late reverberation carries ~1/16 of the direct sound's energy (≈ -12 dB).
const WET = 0.048;
// Below this a recirculating value is flushed to zero: a decaying tail would otherwise become subnormal,
// which x86 computes very slowly, and it is far below one output LSB anyway.
const TINY = 1e-15;

const LINE_SIZE = 8192; // > (150 + 23) ms of samples, a power of two for cheap wrap-around
const LINE_MASK = LINE_SIZE - 1;

function resolve(opts: EchoPathOptions): Required<EchoPathOptions> {
  const { delayMs = 80, gainDb = -6, reverb = true, drive = 1.5 } = opts;
  if (!(delayMs >= 30 && delayMs <= 150)) throw new RangeError(`delayMs must be 30–150, got ${delayMs}`);
  if (!Number.isFinite(gainDb)) throw new RangeError(`gainDb must be finite, got ${gainDb}`);
  if (!(drive >= 0 && Number.isFinite(drive))) throw new RangeError(`drive must be ≥ 0, got ${drive}`);
  return { delayMs, gainDb, reverb, drive };
}

// The reverb's delay lines share one block of memory, each in its own 1024-sample ring (all are shorter),
// indexed by the same running position as the main delay line: no per-line index to keep.
const RING = 1024;
const RING_MASK = RING - 1;
const [C0, C1, C2, C3] = COMB_LENGTHS as [number, number, number, number];
const [A0, A1] = ALLPASS_LENGTHS as [number, number];
// Each pass round a comb of n samples loses 60 dB · n / (RT60 · rate).
const [F0, F1, F2, F3] = COMB_LENGTHS.map((n) => 10 ** ((-3 * n) / (RT60_S * ECHO_RATE))) as [number, number, number, number];

/**
 * tanh by its continued fraction truncated to a 7/6 rational, clamped to ±1 beyond |u| = 4.9: within 1e-8 of
 * Math.tanh for |u| ≤ 2 (full scale at drive ≤ 2) and 1e-4 everywhere, at a fraction of Math.tanh's cost.
 */
function softTanh(u: number): number {
  if (u >= 4.9) return 1;
  if (u <= -4.9) return -1;
  const u2 = u * u;
  return (u * (135135 + u2 * (17325 + u2 * (378 + u2)))) / (135135 + u2 * (62370 + u2 * (3150 + u2 * 28)));
}

/** The path on floats (full scale ±1). */
class PathCore {
  private readonly line = new Float64Array(LINE_SIZE);
  private readonly rings = new Float64Array(6 * RING); // 4 combs, then 2 allpasses
  private readonly combStore = new Float64Array(4);
  private pos = 0;
  private readonly delay: number;
  private readonly gain: number;
  private readonly drive: number;
  private readonly reverb: boolean;
  private readonly taps: [number, number, number];
  private readonly tapGains: [number, number, number];

  constructor(opts: Required<EchoPathOptions>) {
    this.delay = Math.round(opts.delayMs * PER_MS);
    this.gain = 10 ** (opts.gainDb / 20);
    this.drive = opts.drive > 1 ? opts.drive : 0;
    this.reverb = opts.reverb;
    this.taps = REFLECTIONS.map(([ms]) => this.delay + Math.round(ms * PER_MS)) as [number, number, number];
    this.tapGains = REFLECTIONS.map(([, g]) => g) as [number, number, number];
  }

  /**
   * Runs `n` samples: out[k] is the output at the current position, computed before input[k] (the input at
   * that position) enters the loudspeaker. With `lastAwaitsInput` the last sample's input is not known yet:
   * its output is computed and `complete()` supplies the input later. The loop is unrolled and keeps its
   * state in locals, which is what makes it cheap.
   */
  run(input: ArrayLike<number>, inScale: number, out: Int16Array | Float32Array, n: number, lastAwaitsInput = false): void {
    const { line, rings, combStore, delay, gain, drive, reverb } = this;
    const [t0, t1, t2] = this.taps;
    const [g0, g1, g2] = this.tapGains;
    const quantise = out instanceof Int16Array;
    let s0 = combStore[0]!;
    let s1 = combStore[1]!;
    let s2 = combStore[2]!;
    let s3 = combStore[3]!;
    let p = this.pos;
    for (let k = 0; k < n; k++) {
      const direct = line[(p - delay) & LINE_MASK]!;
      let y = direct;
      if (reverb) {
        y += g0 * line[(p - t0) & LINE_MASK]! + g1 * line[(p - t1) & LINE_MASK]! + g2 * line[(p - t2) & LINE_MASK]!;
        const into = direct * WET;
        const q = p & RING_MASK;
        // Four parallel damped feedback combs (Freeverb's lowpass-feedback comb).
        const h0 = rings[(q - C0) & RING_MASK]!;
        const h1 = rings[RING + ((q - C1) & RING_MASK)]!;
        const h2 = rings[2 * RING + ((q - C2) & RING_MASK)]!;
        const h3 = rings[3 * RING + ((q - C3) & RING_MASK)]!;
        s0 = h0 * (1 - DAMP) + s0 * DAMP;
        s1 = h1 * (1 - DAMP) + s1 * DAMP;
        s2 = h2 * (1 - DAMP) + s2 * DAMP;
        s3 = h3 * (1 - DAMP) + s3 * DAMP;
        if (s0 < TINY && s0 > -TINY) s0 = 0;
        if (s1 < TINY && s1 > -TINY) s1 = 0;
        if (s2 < TINY && s2 > -TINY) s2 = 0;
        if (s3 < TINY && s3 > -TINY) s3 = 0;
        rings[q] = into + s0 * F0;
        rings[RING + q] = into + s1 * F1;
        rings[2 * RING + q] = into + s2 * F2;
        rings[3 * RING + q] = into + s3 * F3;
        let late = h0 + h1 + h2 + h3;
        // Two allpasses in series diffuse the combs' regular echoes.
        const a0 = rings[4 * RING + ((q - A0) & RING_MASK)]!;
        let w = late + a0 * ALLPASS_FEEDBACK;
        rings[4 * RING + q] = w < TINY && w > -TINY ? 0 : w;
        late = a0 - late;
        const a1 = rings[5 * RING + ((q - A1) & RING_MASK)]!;
        w = late + a1 * ALLPASS_FEEDBACK;
        rings[5 * RING + q] = w < TINY && w > -TINY ? 0 : w;
        late = a1 - late;
        y += late;
      }
      y *= gain;
      if (quantise) {
        const v = Math.round(y * 32768);
        out[k] = v > 32767 ? 32767 : v < -32768 ? -32768 : v;
      } else {
        out[k] = y;
      }
      if (lastAwaitsInput && k === n - 1) break;
      const x = input[k]! * inScale;
      line[p] = drive ? softTanh(drive * x) / drive : x;
      p = (p + 1) & LINE_MASK;
    }
    combStore[0] = s0;
    combStore[1] = s1;
    combStore[2] = s2;
    combStore[3] = s3;
    this.pos = p;
  }

  /** Feeds the input of the sample whose output `run(..., true)` already gave. */
  complete(x: number): void {
    const drive = this.drive;
    this.line[this.pos] = drive ? softTanh(drive * x) / drive : x;
    this.pos = (this.pos + 1) & LINE_MASK;
  }
}

/** Streaming echo path on 24 kHz mono s16le; see the top of this file. */
export class EchoPath {
  private readonly core: PathCore;
  /** Low byte of an input sample split across chunks, or -1. */
  private heldInLow = -1;
  /** High byte of the output sample whose low byte went out with the previous chunk. */
  private heldOutHigh = 0;
  // Aligned scratch: a chunk may start at an odd byte, where no Int16Array view can be made.
  private inScratch = new Int16Array(0);
  private outScratch = new Int16Array(0);

  constructor(opts: EchoPathOptions = {}) {
    this.core = new PathCore(resolve(opts));
  }

  /** Returns as many bytes as it is given; any chunking of a stream gives the same output stream. */
  process(chunk: Buffer): Buffer {
    const out = Buffer.allocUnsafe(chunk.length);
    let i = 0;
    if (this.heldInLow >= 0 && chunk.length > 0) {
      out[0] = this.heldOutHigh;
      this.core.complete(((((chunk[0]! << 8) | this.heldInLow) << 16) >> 16) / 32768);
      this.heldInLow = -1;
      i = 1;
    }
    const whole = (chunk.length - i) >> 1;
    const split = (chunk.length - i) & 1;
    if (whole + split === 0) return out;
    if (this.outScratch.length < whole + split) {
      this.inScratch = new Int16Array(whole + split);
      this.outScratch = new Int16Array(whole + split);
    }
    const inBytes = Buffer.from(this.inScratch.buffer);
    chunk.copy(inBytes, 0, i, i + 2 * whole);
    this.core.run(this.inScratch, 1 / 32768, this.outScratch, whole + split, split === 1);
    Buffer.from(this.outScratch.buffer, 0, 2 * whole).copy(out, i);
    if (split) {
      const y = this.outScratch[whole]!;
      out[i + 2 * whole] = y & 0xff;
      this.heldOutHigh = (y >> 8) & 0xff;
      this.heldInLow = chunk[i + 2 * whole]!;
    }
    return out;
  }
}

/**
 * The path's impulse response on floats (unit impulse in), without the loudspeaker's clipping: exactly
 * the small-signal response, since the clipper has unity gain for quiet signals.
 */
export function echoPathImpulseResponse(opts: EchoPathOptions = {}, lengthMs = 500): Float32Array {
  const core = new PathCore({ ...resolve(opts), drive: 0 });
  const out = new Float32Array(Math.round(lengthMs * PER_MS));
  const impulse = new Float32Array(out.length);
  impulse[0] = 1;
  core.run(impulse, 1, out, out.length);
  return out;
}
