/**
 * When each microphone read was captured, on performance.now()'s clock, from the samples counted rather
 * than from when JavaScript got to the read: AEC3 expects far-end and microphone frames in step, and a read
 * handled 10 ms late must not pull 10 ms more far end than the one before it (a jitter it takes for a
 * change of the echo's delay, and lets echo through while it re-adapts; measured in the simulated room).
 * Arrival = capture time + a latency that lateness only adds to, so the smallest arrival minus sample time
 * over the last seconds is the latency. A window, not an all-time minimum: a stream's first reads come in a
 * burst (what the device had buffered), which would put the latency too low for good, and the reference
 * after its echo, where AEC3 cannot find it; the window also follows a device clock that drifts.
 */
export class CaptureClock {
  private rate = 0;
  private samples = 0;
  private readonly offsets: { at: number; offset: number }[] = [];

  reset(): void {
    this.rate = 0;
  }

  /** The time the read of `length` samples at `rate` that arrived at `arrivedAt` ended being captured. */
  read(length: number, rate: number, arrivedAt: number): number {
    if (rate !== this.rate) {
      this.rate = rate;
      this.samples = 0;
      this.offsets.length = 0;
    }
    this.samples += length;
    const sampleTime = (this.samples * 1000) / rate;
    this.offsets.push({ at: arrivedAt, offset: arrivedAt - sampleTime });
    while (this.offsets[0]!.at < arrivedAt - CLOCK_WINDOW_MS) this.offsets.shift();
    let latency = Infinity;
    for (const o of this.offsets) latency = Math.min(latency, o.offset);
    return sampleTime + latency;
  }
}

/** Long enough to hold a read that came on time whatever the event loop did; short enough to forget a start-up burst. */
const CLOCK_WINDOW_MS = 2000;
