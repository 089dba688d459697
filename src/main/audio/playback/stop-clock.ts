// When an abort really cuts the sound. The addon's quit() waits for the device callback's next wake-up to
// take what is queued (at once if it is taking chunks right now), sleeps, then aborts the stream; so the
// cut is predicted from the phase of the callback's wake-ups, which this clock learns from the moments
// blocked writes are released. Once the close has returned, the cut is known better: the abort lands a
// fixed time before that. Measurements behind the constants: docs/audio-playback.md.
import { SAMPLE_RATE } from '../../../shared/audio-format';

/** PaContext::quit() sleeps this long between the queue draining and Pa_AbortStream. */
export const ADDON_QUIT_SLEEP_MS = 20;
/** From the abort cutting the sound to quit('ABORT') resolving (measured 38–42 ms). */
export const QUIT_TAIL_MS = 40;
/** The measured cut is trusted up to this much after the prediction; a later close was slow, not late. */
const MAX_LATE_CUT_MS = 20;
/** The callback period when PortAudio picks the host buffer (the ALSA pulse plugin's ≈10 ms). */
const DEFAULT_PERIOD_MS = 10;

export class StopClock {
  private readonly periodMs: number;
  private burstStart = 0;
  private lastRelease = 0;

  /** `stopCarryMs`: calibration, audio that leaves the device after the predicted abort. */
  constructor(
    framesPerBuffer: number,
    private readonly stopCarryMs: number,
  ) {
    this.periodMs = framesPerBuffer > 0 ? (framesPerBuffer * 1000) / SAMPLE_RATE : DEFAULT_PERIOD_MS;
  }

  /** A new stream: its callback has its own phase. */
  newStream(): void {
    this.burstStart = 0;
    this.lastRelease = 0;
  }

  // A write that had to wait was released by the device callback taking a chunk. The callback wakes once
  // per host buffer and then takes several chunks in a burst, so the first release of a burst marks its
  // wake-up; the wake-ups recur every host-buffer period.
  /** A write called at `calledAt` was accepted at `now`. */
  released(calledAt: number, now = performance.now()): void {
    if (now - calledAt < 2) return;
    if (now - this.lastRelease > this.periodMs / 2) this.burstStart = now;
    this.lastRelease = now;
  }

  /** When an abort asked for at `now` will cut the sound. */
  predictedCut(now: number): number {
    let wake = now;
    if (this.burstStart > 0 && now - this.lastRelease > 2) {
      wake = this.burstStart + Math.ceil((now - this.burstStart) / this.periodMs) * this.periodMs;
    }
    return wake + ADDON_QUIT_SLEEP_MS + this.stopCarryMs;
  }

  /**
   * The cut of a stop asked for at `stoppedAt` and predicted at `predicted`, now that its close returned at
   * `closedAt`: [at, earliest, latest], as PlayedSampleCounter.refineStop() takes them.
   */
  measuredCut(closedAt: number, stoppedAt: number, predicted: number): [at: number, minAt: number, maxAt: number] {
    return [closedAt - QUIT_TAIL_MS, stoppedAt, predicted + MAX_LATE_CUT_MS];
  }
}
