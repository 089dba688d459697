// A last guard after AEC3: a 10 ms step of the microphone that the canceller has already taken most of the
// energy out of, while the far end has been playing, is echo left over, and is turned down further.
//
// Why: in the simulated room (bench/echo) AEC3 takes the echo down by 35–65 dB, but now and then lets a
// 20–60 ms burst through at −45…−35 dBFS (loud syllables through the distorting speaker, the first words
// after a pause). A server VAD hears −40 dBFS as speech, and the reply interrupts itself. The user's own
// voice is not what the canceller removes: while the user speaks, what is sent stays close to what was
// captured, so such steps pass untouched (double talk keeps its level). The cost: a user who speaks under
// −32 dBFS while the assistant speaks is turned down too: to interrupt by voice, speak up.
const STEP_MS = 10;
/** The canceller removed at least this much (dB) from the step: what is left is echo. */
const REMOVED_DB = 8;
/**
 * Or what is left is quiet: under this (dBFS), while the far end plays, a step is taken for echo whatever
 * the canceller did. AEC3 sometimes leaves −45…−32 dBFS of a loud reply's echo untouched (its late
 * reverberation, a loud syllable through the distorting speaker); a voice close to the microphone that
 * means to interrupt is louder.
 */
const QUIET_DBFS = -32;
/**
 * For the first half second of a reply after a pause, more: AEC3 has had nothing to adapt to for a while
 * and let −30…−25 dBFS of a reply's first syllables through (the benchmark's hands-free rounds).
 */
const ONSET_QUIET_DBFS = -24;
const ONSET_MS = 500;
/** Far-end silence after which the next far-end sound counts as an onset. */
const PAUSE_MS = 500;
/** How much further such a step is turned down (dB). */
const EXTRA_DB = 30;
/** Echo still arrives this long after the far end went quiet (room delay plus reverberation). */
const TAIL_MS = 600;
/** A far end quieter than this (dBFS) played nothing to echo. */
const FAR_ACTIVE_DBFS = -50;
/** Samples a step down is spread over (1 ms at 48 kHz). */
const RAMP_DOWN = 48;

const REMOVED = 10 ** (-REMOVED_DB / 20);
const QUIET = 10 ** (QUIET_DBFS / 20);
const ONSET_QUIET = 10 ** (ONSET_QUIET_DBFS / 20);
const EXTRA = 10 ** (-EXTRA_DB / 20);
const FAR_ACTIVE = 10 ** (FAR_ACTIVE_DBFS / 20);

export class ResidualGate {
  private sinceFarMs = Infinity;
  /** Time since the far end started again after a pause. */
  private sinceOnsetMs = Infinity;
  private gain = 1;
  /** Steps turned down so far. */
  gated = 0;

  /**
   * One step: the far end's RMS at its time, the microphone's RMS before the canceller, and the cancelled
   * samples (changed in place). The gain ramps across the step, so a change makes no click.
   */
  step(farRms: number, micRms: number, out: Float32Array): void {
    if (farRms >= FAR_ACTIVE) {
      if (this.sinceFarMs > PAUSE_MS) this.sinceOnsetMs = 0;
      this.sinceFarMs = 0;
    } else this.sinceFarMs += STEP_MS;
    this.sinceOnsetMs += STEP_MS;
    let sum = 0;
    for (let i = 0; i < out.length; i++) sum += out[i]! * out[i]!;
    const outRms = Math.sqrt(sum / Math.max(1, out.length));
    const quiet = this.sinceOnsetMs <= ONSET_MS ? ONSET_QUIET : QUIET;
    const removed = outRms < micRms * REMOVED || outRms < quiet;
    const echoOnly = this.sinceFarMs <= TAIL_MS && micRms > 0 && removed;
    const target = echoOnly ? EXTRA : 1;
    if (echoOnly) this.gated++;
    if (target === 1 && this.gain === 1) return;
    // Down at once (within the first millisecond), up again across the step: no click either way.
    const from = this.gain;
    const ramp = target < from ? Math.min(out.length, RAMP_DOWN) : out.length;
    for (let i = 0; i < out.length; i++) out[i]! *= i < ramp ? from + ((target - from) * (i + 1)) / ramp : target;
    this.gain = target;
  }
}
