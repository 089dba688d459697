// The far end (what the speaker played) on the clock the microphone is read by, for the echo canceller.
//
// The speaker writes up to ≈ 400 ms ahead into the device's queue, and the sound server holds another
// ≈ 150 ms, so a sample is heard well after it is written. Each chunk is placed at the time the played-sample
// counter says it becomes audible; the canceller reads, with each microphone read, as many 10 ms frames as
// the read holds, from about the time that read was captured. So the reference leads the echo (the
// canceller can only look back) by the room's delay, and audio dropped by a stop (queued, never heard) is
// taken out again.
import { SAMPLE_RATE } from '../../../shared/audio-format';

const SAMPLES_PER_MS = SAMPLE_RATE / 1000;
/** One canceller frame: 10 ms at 24 kHz. */
export const FAR_FRAME = SAMPLES_PER_MS * 10;
/** How far ahead of the reader audio can be placed (the device queue plus the sound server's buffer, with room). */
const RING_MS = 4000;
/** Frames handed out at most per take: after a pause in reading, older far-end audio no longer matters. */
const MAX_BACKLOG_FRAMES = 50;

export class FarEnd {
  private readonly ring = new Float32Array(SAMPLES_PER_MS * RING_MS);
  /**
   * Absolute sample index (24 kHz ticks of performance.now()) of the next sample to hand out. It never lags
   * real time by more than the backlog, read or not, so every slot of the ring holds audio of one known time.
   */
  private cursor: number | null = null;
  /** The reader's position between `cursor` and the next sample (0..1). */
  private fraction = 0;

  /** A chunk of 24 kHz mono pcm16 written to the device, audible from `playsAt` (performance.now() ms). */
  write(pcm: Buffer, playsAt: number, now = performance.now()): void {
    const cursor = this.catchUp(now);
    const samples = pcm.length >> 1;
    let at = Math.round(playsAt * SAMPLES_PER_MS);
    const from = Math.min(samples, Math.max(0, cursor - at)); // already handed out: too late to be a reference
    at += from;
    const len = this.ring.length;
    const to = Math.min(samples, from + cursor + len - at);
    for (let i = from; i < to; i++, at++) this.ring[at % len] = pcm.readInt16LE(i * 2) / 32768;
  }

  /** Output was cut at `at`: what was queued for later is never heard. */
  cut(at: number): void {
    const cursor = this.catchUp(at);
    const start = Math.max(Math.round(at * SAMPLES_PER_MS), cursor);
    this.zero(start, cursor + this.ring.length);
  }

  /** Time (performance.now() ms) of the next frame to hand out, or null before anything was placed or read. */
  get position(): number | null {
    return this.cursor === null ? null : (this.cursor + this.fraction) / SAMPLES_PER_MS;
  }

  /** Moves the reader to `time`: what lies before it is dropped, and a move forward plays silence. */
  seek(time: number): void {
    const cursor = this.catchUp(time);
    const to = time * SAMPLES_PER_MS;
    if (Math.floor(to) > cursor) this.zero(cursor, Math.floor(to));
    this.cursor = Math.floor(to);
    this.fraction = to - this.cursor;
  }

  /**
   * The next `count` 10 ms frames, oldest first, read `rate` times as fast as they were placed (1 ± a few
   * hundred ppm: the microphone's clock against the speaker's), between samples by cubic interpolation.
   * The reader takes frames in step with the microphone (as many as a read holds), not by the clock: AEC3
   * aligns the two streams by the order of its calls.
   */
  read(count: number, rate = 1): Float32Array[] {
    let p = (this.cursor ?? 0) + this.fraction;
    const frames: Float32Array[] = [];
    const ring = this.ring;
    const len = ring.length;
    for (let k = 0; k < count; k++) {
      const frame = new Float32Array(FAR_FRAME);
      for (let i = 0; i < FAR_FRAME; i++, p += rate) {
        const n = Math.floor(p);
        const t = p - n;
        const y0 = ring[(n - 1 + len) % len]!;
        const y1 = ring[n % len]!;
        const y2 = ring[(n + 1) % len]!;
        const y3 = ring[(n + 2) % len]!;
        // Catmull-Rom: exact at whole samples, smooth between them.
        frame[i] = y1 + 0.5 * t * (y2 - y0 + t * (2 * y0 - 5 * y1 + 4 * y2 - y3 + t * (3 * (y1 - y2) + y3 - y0)));
      }
      frames.push(frame);
    }
    const next = Math.floor(p);
    // The sample before the cursor is still needed by the interpolation.
    if (this.cursor !== null && next - 1 > this.cursor - 1) this.zero(this.cursor - 1, next - 1);
    this.cursor = next;
    this.fraction = p - next;
    return frames;
  }

  /** Keeps the cursor within the backlog of time `t`, dropping what was never taken. */
  private catchUp(t: number): number {
    const oldest = Math.floor(t * SAMPLES_PER_MS) - MAX_BACKLOG_FRAMES * FAR_FRAME;
    if (this.cursor === null) this.cursor = oldest;
    else if (this.cursor < oldest) {
      this.zero(this.cursor, oldest);
      this.cursor = oldest;
    }
    return this.cursor;
  }

  private zero(from: number, to: number): void {
    const len = this.ring.length;
    for (let i = from; i < Math.min(to, from + len); i++) this.ring[i % len] = 0;
  }
}
