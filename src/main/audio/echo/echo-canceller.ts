// Acoustic echo cancellation for the microphone: WebRTC's AEC3, compiled to WebAssembly
// (@ennuicastr/webrtcaec3.js, pinned; how to rebuild it: docs/echo-cancellation.md). It runs in Node and in
// Electron's main process with no native build.
//
//   const aec = await EchoCanceller.create();
//   speaker tap → aec.far.write(pcm, playsAt) / aec.far.cut(at)
//   capture     → const clean = aec.process(micFloat, rate, arrivedAt)
//
// AEC3 runs at 48 kHz (its full-band rate: 16 kHz bands, the upper two only suppressed). The far end is
// given at 24 kHz and the microphone at the rate its device was opened at (48 kHz when it can): AEC3
// resamples each once on the way in, and the microphone's cleaned audio leaves at its own rate for the
// capture's one resampler to 24 kHz. It runs on the main thread, in the capture's read loop (not the device
// callback): AEC3 alone took 3.7 % of one core on recorded audio with nothing else running, and 6.7–9.7 % of
// wall time inside process() in the simulated room (an upper bound: the thread is preempted inside the call
// on a loaded 2-core machine). The speaker keeps 400 ms queued ahead, so a millisecond here costs it
// nothing; a worker would add a copy and a hop every 20 ms, and was not measured to help.
import { createRequire } from 'node:module';
import type WebRtcAec3 from '@ennuicastr/webrtcaec3.js';
import { SAMPLE_RATE } from '../../../shared/audio-format';
import { ResidualEchoDetector } from './echo-detector';
import { ResidualGate } from './residual-gate';
import { CaptureClock } from './capture-clock';
import { FarEnd } from './far-end';

const AEC_RATE = 48000;

let modulePromise: Promise<WebRtcAec3.WebRtcAec3> | null = null;

/** Loads the WebAssembly module once (≈ 30 ms); later cancellers share it. */
function loadModule(): Promise<WebRtcAec3.WebRtcAec3> {
  // The package is CommonJS that finds its .wasm next to itself, so it is required, never bundled.
  const load = createRequire(import.meta.url)('@ennuicastr/webrtcaec3.js') as typeof WebRtcAec3;
  modulePromise ??= load();
  return modulePromise;
}

export interface CancelledFrame {
  /** The microphone after cancellation, at the rate it was given. */
  out: Float32Array;
  /** RMS (0..1) of the far end handed to the canceller for this read, and of the microphone before and after. */
  farRms: number;
  micRms: number;
  outRms: number;
  /** RMS of AEC3's output before the residual gate (for the benchmark's figures of AEC3 alone). */
  aecRms: number;
  /** True on the read where echo was first judged to be getting through (see echo-detector.ts). */
  leaking: boolean;
}

export class EchoCanceller {
  private freed = false;
  private readonly detector = new ResidualEchoDetector();
  private readonly clock = new CaptureClock();
  /** The far end's reader has been placed for this capture. */
  private reading = false;
  /** Turns down what AEC3 lets through of the echo (residual-gate.ts); off only to measure AEC3 alone. */
  private readonly gate: ResidualGate | null;

  private constructor(
    private readonly aec: WebRtcAec3.AEC3,
    /** The speaker's tap writes what it plays here. */
    readonly far: FarEnd,
    gate: boolean,
  ) {
    this.gate = gate ? new ResidualGate() : null;
  }

  static async create(far = new FarEnd(), opts: { residualGate?: boolean } = {}): Promise<EchoCanceller> {
    const module = await loadModule();
    return new EchoCanceller(new module.AEC3(AEC_RATE, 1, 1), far, opts.residualGate ?? true);
  }

  /**
   * One microphone read (mono float at `rate`) that arrived at `arrivedAt` (performance.now() ms): the far
   * end of the time it was captured goes to the canceller first, so the reference leads its echo.
   */
  process(mic: Float32Array, rate: number, arrivedAt = performance.now()): CancelledFrame {
    const farLevels: number[] = [];
    const step = rate / 100;
    // AEC3 aligns far end and microphone by the order of its calls, and re-adapts (letting echo through for
    // a while) at any change: so exactly one far-end frame per microphone frame, and the far end's reader is
    // moved only when it has drifted from the capture clock by more than RESYNC_MS. (Handing over what had
    // become audible by each read instead, 1–3 frames or a burst at the start, broke the canceller for
    // whole runs in 4 of 6 runs in the simulated room.)
    const count = Math.round(mic.length / step);
    const capturedFrom = this.clock.read(mic.length, rate, arrivedAt) - count * 10;
    const position = this.far.position;
    let pace = 1;
    if (!this.reading || position === null || Math.abs(position - capturedFrom) > RESYNC_MS) {
      this.reading = true;
      this.far.seek(capturedFrom);
    } else {
      // The two clocks drift apart (340 ppm between the virtual devices here): the reader closes the gap
      // over seconds by reading a hair faster or slower, which AEC3 follows, rather than by a jump it
      // re-adapts to (with echo getting through meanwhile).
      const behindMs = capturedFrom - position;
      pace = 1 + Math.max(-MAX_PACE, Math.min(MAX_PACE, behindMs / DRIFT_TIME_MS));
    }
    for (const frame of this.far.read(count, pace)) {
      farLevels.push(rms(frame));
      this.aec.analyze([frame], { sampleRateIn: SAMPLE_RATE });
    }
    const opts = { sampleRateIn: rate, sampleRateOut: rate };
    const out = new Float32Array(this.aec.processSize([mic], opts));
    this.aec.process([out], [mic], opts);
    const aecRms = rms(out);
    // The gate and the detector work in 10 ms steps: each step is paired with the far end of its time.
    let leaking = false;
    for (let i = 0, k = 0; i + step <= out.length; i += step, k++) {
      const farRms = farLevels[k] ?? 0;
      const part = out.subarray(i, i + step);
      this.gate?.step(farRms, rms(mic.subarray(i, i + step)), part);
      if (this.detector.push(farRms, rms(part))) leaking = true;
    }
    return {
      out,
      farRms: farLevels.length ? Math.sqrt(farLevels.reduce((a, l) => a + l * l, 0) / farLevels.length) : 0,
      micRms: rms(mic),
      outRms: rms(out),
      aecRms,
      leaking,
    };
  }

  /** A new capture begins: its reads are counted afresh (what AEC3 learnt of the room is kept). */
  captureStarted(): void {
    this.clock.reset();
    this.reading = false;
  }

  free(): void {
    if (this.freed) return;
    this.freed = true;
    this.aec.free();
  }
}

/** Drift of the far end's reader from the capture clock that is corrected (one device period and a half). */
const RESYNC_MS = 30;
/** A gap between the far end's reader and the capture clock is closed over about this long (ms)... */
const DRIFT_TIME_MS = 4000;
/** ...reading at most this much faster or slower (2000 ppm; sound cards differ by well under 500). */
const MAX_PACE = 0.002;

function rms(x: Float32Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]! * x[i]!;
  return Math.sqrt(s / Math.max(1, x.length));
}
