// How much of each item has actually left the device.
//
// Every sample written to an output stream gets a position on that stream's device timeline (lead-in
// silence and gap-filling silence included). The audible position advances in real time from the stream's
// start, at `startOffsetMs` then (the calibration for this path, see docs/audio-playback.md), and can never
// pass what has been written: when the device runs dry the clock is held back so the audio written next
// is not counted as heard.
// Played samples of an item = its samples whose device position is behind the audible position.
// `stop()` freezes the counts at the audible position of the moment the sound is cut.
import { SAMPLE_RATE } from '../../../shared/audio-format';

export interface Clock {
  now(): number;
}

export interface CounterOptions {
  sampleRate?: number;
  /** Device-timeline position audible at the first write (ms); see docs/audio-playback.md for the measured value. */
  startOffsetMs?: number;
  clock?: Clock;
}

interface Segment {
  itemId: string;
  itemOffset: number;
  devicePos: number;
  length: number;
}

export class PlayedSampleCounter {
  private readonly rate: number;
  private readonly clock: Clock;
  private readonly startOffset: number;
  private segments: Segment[] = [];
  /** Per item: samples counted as played in finished streams. */
  private readonly frozen = new Map<string, number>();
  private running = false;
  private anchorTime = 0;
  /** Samples written to the current stream (its device timeline length). */
  private written = 0;
  /** Time the audible clock was held back for device underruns (ms). */
  private held = 0;

  constructor(opts: CounterOptions = {}) {
    this.rate = opts.sampleRate ?? SAMPLE_RATE;
    this.clock = opts.clock ?? { now: () => performance.now() };
    this.startOffset = ((opts.startOffsetMs ?? 0) * this.rate) / 1000;
  }

  /** A new output stream: its timeline starts at 0 and its clock at the first write. */
  beginStream(): void {
    this.settle();
    this.running = false;
    this.written = 0;
    this.held = 0;
  }

  /**
   * Records a chunk handed to the device: `silence` samples of filler, or item pieces in order.
   * Returns the device position of the chunk's first sample.
   */
  wrote(pieces: { itemId: string; itemOffset: number; samples: number }[] | number): number {
    const now = this.clock.now();
    if (!this.running) {
      this.running = true;
      this.anchorTime = now;
    } else {
      this.holdForUnderrun(now);
    }
    const start = this.written;
    if (typeof pieces === 'number') {
      this.written += pieces;
      return start;
    }
    for (const p of pieces) {
      if (p.samples <= 0) continue;
      this.segments.push({ itemId: p.itemId, itemOffset: p.itemOffset, devicePos: this.written, length: p.samples });
      this.written += p.samples;
    }
    return start;
  }

  /**
   * The stream was started at `at`: the clock runs from here (what was written before start() waits in the
   * queue), which takes the thread-pool hops of those first writes out of the count.
   */
  deviceStarted(at = this.clock.now()): void {
    if (this.running) this.anchorTime = at;
  }

  /** Device-timeline position audible now (samples). */
  audiblePosition(now = this.clock.now()): number {
    if (!this.running) return 0;
    const model = this.startOffset + ((now - this.anchorTime - this.held) * this.rate) / 1000;
    return Math.max(0, Math.min(model, this.written));
  }

  /** When device position `position` becomes audible (performance.now() ms), on the current model. */
  timeOfPosition(position: number, now = this.clock.now()): number {
    return now + ((position - this.audiblePosition(now)) * 1000) / this.rate;
  }

  /** Samples of `itemId` heard so far (never more than were written for it). */
  playedSamples(itemId: string, now = this.clock.now()): number {
    let total = this.frozen.get(itemId) ?? 0;
    if (this.running) {
      const pos = this.audiblePosition(now);
      for (const s of this.segments) {
        if (s.itemId === itemId) total += Math.max(0, Math.min(s.length, pos - s.devicePos));
      }
    }
    return Math.floor(total);
  }

  playedMs(itemId: string, now?: number): number {
    return (this.playedSamples(itemId, now) / this.rate) * 1000;
  }

  /** Samples of the current stream's timeline not yet audible. */
  pendingSamples(now = this.clock.now()): number {
    return this.running ? this.written - this.audiblePosition(now) : 0;
  }

  /** Device position just past the last item sample written to this stream, or 0. */
  lastItemEnd(): number {
    const s = this.segments[this.segments.length - 1];
    return s ? s.devicePos + s.length : 0;
  }

  /** The stream stopped (aborted or drained): counts freeze at what was audible at `at` (default now). */
  stop(at = this.clock.now()): void {
    this.settle(at);
    this.running = false;
  }

  /** Forgets an item's counts (e.g. when the conversation is cleared). */
  forget(itemId: string): void {
    this.frozen.delete(itemId);
    this.segments = this.segments.filter((s) => s.itemId !== itemId);
  }

  private settle(now = this.clock.now()): void {
    if (!this.running) {
      this.segments = [];
      return;
    }
    const pos = this.audiblePosition(now);
    for (const s of this.segments) {
      const heard = Math.max(0, Math.min(s.length, pos - s.devicePos));
      if (heard > 0 || !this.frozen.has(s.itemId)) this.frozen.set(s.itemId, (this.frozen.get(s.itemId) ?? 0) + heard);
    }
    this.segments = [];
  }

  // If the real-time model has run past everything written, the device ran dry in between: shift the
  // clock so the audible position restarts from the end of what was written.
  private holdForUnderrun(now: number): void {
    const model = this.startOffset + ((now - this.anchorTime - this.held) * this.rate) / 1000;
    if (model > this.written) this.held += ((model - this.written) * 1000) / this.rate;
  }
}
