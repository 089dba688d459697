// Signal comparison for real-audio tests: find where a reference clip sits in a recording (best-lag
// normalised cross-correlation, FFT-based so multi-second lag windows stay cheap), how well it matches
// window by window (median, robust to a click or two), and where the recording lost audio (gaps).

export function toFloat(pcm: Buffer | Int16Array): Float32Array {
  // Int16Array views need an even byte offset; copy a Buffer that sits at an odd one.
  const src = pcm instanceof Int16Array || pcm.byteOffset % 2 === 0 ? pcm : Buffer.from(pcm);
  const ints = src instanceof Int16Array ? src : new Int16Array(src.buffer, src.byteOffset, src.length >> 1);
  const out = new Float32Array(ints.length);
  for (let i = 0; i < ints.length; i++) out[i] = ints[i]! / 32768;
  return out;
}

function nextPow2(n: number): number {
  let p = 1;
  while (p < n) p <<= 1;
  return p;
}

// In-place iterative radix-2 FFT; `inverse` leaves the result unscaled.
function fft(re: Float64Array, im: Float64Array, inverse: boolean): void {
  const n = re.length;
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      [re[i], re[j]] = [re[j]!, re[i]!];
      [im[i], im[j]] = [im[j]!, im[i]!];
    }
  }
  for (let len = 2; len <= n; len <<= 1) {
    const ang = ((inverse ? 2 : -2) * Math.PI) / len;
    const wr = Math.cos(ang);
    const wi = Math.sin(ang);
    for (let i = 0; i < n; i += len) {
      let cr = 1;
      let ci = 0;
      for (let k = 0; k < len / 2; k++) {
        const a = i + k;
        const b = a + len / 2;
        const tr = re[b]! * cr - im[b]! * ci;
        const ti = re[b]! * ci + im[b]! * cr;
        re[b] = re[a]! - tr;
        im[b] = im[a]! - ti;
        re[a] = re[a]! + tr;
        im[a] = im[a]! + ti;
        const ncr = cr * wr - ci * wi;
        ci = cr * wi + ci * wr;
        cr = ncr;
      }
    }
  }
}

/** Normalised correlation of ref against rec starting at `lag` (rec index of ref[0]); overlap only. */
export function correlationAt(ref: Float32Array, rec: Float32Array, lag: number): number {
  let dot = 0;
  let er = 0;
  let ee = 0;
  for (let i = 0; i < ref.length; i++) {
    const j = i + lag;
    if (j < 0 || j >= rec.length) continue;
    const a = ref[i]!;
    const b = rec[j]!;
    dot += a * b;
    er += a * a;
    ee += b * b;
  }
  return er > 0 && ee > 0 ? dot / Math.sqrt(er * ee) : 0;
}

export interface LagResult {
  /** Index in the recording where ref[0] sits. */
  lag: number;
  /** Normalised correlation at that lag (-1..1). */
  corr: number;
}

/**
 * Best lag of `ref` inside `rec`, searching lags minLag..maxLag. By default every lag where at least half
 * of `ref` overlaps the recording, including negative lags (the recording started after the clip did).
 * Scores every lag by ref·rec / (|ref|·|rec window|) over the overlap; the winner is recomputed exactly.
 */
export function bestLag(
  ref: Float32Array,
  rec: Float32Array,
  minLag = -Math.floor(ref.length / 2),
  maxLag = rec.length - Math.ceil(ref.length / 2),
): LagResult {
  const lo = Math.max(minLag, -(ref.length - 1));
  const hi = Math.min(maxLag, rec.length - 1);
  if (hi < lo || ref.length === 0) return { lag: lo, corr: 0 };
  // Cross-correlation via FFT over the span any lag in [lo, hi] can touch, zero-padded in front so
  // negative lags are ordinary offsets into it.
  const pad = Math.max(0, -lo);
  const start = Math.max(0, lo);
  const end = Math.min(rec.length, hi + ref.length);
  const seg = new Float32Array(pad + end - start);
  seg.set(rec.subarray(start, end), pad);
  const base = start - pad; // rec index of seg[0]
  const n = nextPow2(seg.length + ref.length);
  const ar = new Float64Array(n);
  const ai = new Float64Array(n);
  const br = new Float64Array(n);
  const bi = new Float64Array(n);
  ar.set(seg);
  br.set(ref);
  fft(ar, ai, false);
  fft(br, bi, false);
  for (let k = 0; k < n; k++) {
    // seg ⋆ ref = IFFT(SEG · conj(REF))
    const r = ar[k]! * br[k]! + ai[k]! * bi[k]!;
    const i = ai[k]! * br[k]! - ar[k]! * bi[k]!;
    ar[k] = r;
    ai[k] = i;
  }
  fft(ar, ai, true);
  // Prefix sums of seg² (window energy) and of ref² (energy of the overlapping part of ref).
  const energy = new Float64Array(seg.length + 1);
  for (let i = 0; i < seg.length; i++) energy[i + 1] = energy[i]! + seg[i]! * seg[i]!;
  const refEnergy = new Float64Array(ref.length + 1);
  for (let i = 0; i < ref.length; i++) refEnergy[i + 1] = refEnergy[i]! + ref[i]! * ref[i]!;
  let best = { lag: lo, score: -Infinity };
  for (let lag = lo; lag <= hi; lag++) {
    const off = lag - base;
    // Overlap of ref[i] with rec[lag + i]: i from max(0, -lag) to min(ref.length, rec.length - lag).
    const i0 = Math.max(0, -lag);
    const i1 = Math.min(ref.length, rec.length - lag);
    if (i1 <= i0) continue;
    const e = energy[Math.min(seg.length, off + i1)]! - energy[off + i0]!;
    const er = refEnergy[i1]! - refEnergy[i0]!;
    if (e <= 1e-9 || er <= 1e-9) continue;
    const score = ar[off]! / n / Math.sqrt(er * e);
    if (score > best.score) best = { lag, score };
  }
  return { lag: best.lag, corr: correlationAt(ref, rec, best.lag) };
}

export interface WindowCorrelation {
  median: number;
  /** Correlation of each scored window (windows where the reference is near-silent are skipped). */
  windows: number[];
}

/**
 * Median per-window correlation of ref against rec placed at `lag`; each window may slide by
 * ±`slack` samples to absorb small clock drift. Windows whose reference RMS is below `minRms` are skipped.
 */
export function medianWindowCorrelation(
  ref: Float32Array,
  rec: Float32Array,
  lag: number,
  windowSamples = 4800,
  slack = 48,
  minRms = 0.01,
): WindowCorrelation {
  const windows: number[] = [];
  for (let w = 0; w + windowSamples <= ref.length; w += windowSamples) {
    const part = ref.subarray(w, w + windowSamples);
    if (rms(part) < minRms) continue;
    let best = -1;
    for (let d = -slack; d <= slack; d += 1) best = Math.max(best, correlationAt(part, rec, lag + w + d));
    windows.push(best);
  }
  const sorted = [...windows].sort((a, b) => a - b);
  const median = sorted.length ? sorted[Math.floor(sorted.length / 2)]! : 0;
  return { median, windows };
}

export function rms(x: Float32Array): number {
  if (x.length === 0) return 0;
  let s = 0;
  for (const v of x) s += v * v;
  return Math.sqrt(s / x.length);
}

export interface Gap {
  /** Offset into the reference (samples) where the recording went quiet. */
  refStart: number;
  lengthSamples: number;
}

/**
 * Stretches where the reference has sound but the recording (aligned at `lag`) is silent: audio that
 * was lost or delayed. Scans in `windowSamples` steps; a window counts when ref RMS ≥ `refMinRms` and
 * rec RMS < `ref RMS × ratio`. Adjacent windows merge.
 */
export function findGaps(
  ref: Float32Array,
  rec: Float32Array,
  lag: number,
  windowSamples = 240,
  refMinRms = 0.02,
  ratio = 0.1,
): Gap[] {
  const gaps: Gap[] = [];
  for (let w = 0; w + windowSamples <= ref.length; w += windowSamples) {
    const r = rms(ref.subarray(w, w + windowSamples));
    if (r < refMinRms) continue;
    const s = lag + w;
    const recPart = s >= 0 && s + windowSamples <= rec.length ? rec.subarray(s, s + windowSamples) : new Float32Array(0);
    if (rms(recPart) < r * ratio) {
      const last = gaps[gaps.length - 1];
      if (last && last.refStart + last.lengthSamples === w) last.lengthSamples += windowSamples;
      else gaps.push({ refStart: w, lengthSamples: windowSamples });
    }
  }
  return gaps;
}

/** Index of the first / last sample whose magnitude reaches `threshold` (float scale), or -1. */
export function soundBounds(x: Float32Array, threshold = 0.01): { first: number; last: number } {
  let first = -1;
  let last = -1;
  for (let i = 0; i < x.length; i++) {
    if (Math.abs(x[i]!) >= threshold) {
      if (first < 0) first = i;
      last = i;
    }
  }
  return { first, last };
}
