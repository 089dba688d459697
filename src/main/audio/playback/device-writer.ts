// Every sample written to the device passes through here: item audio at its volume, the lead-in and
// bridging silence. Each chunk is placed on the played-sample counter's device timeline, shown to the tap
// (an echo canceller's reference) and written with a stall check.
import { scalePcm16 } from '../pcm16';
import type { PaStream } from '../portaudio';
import type { Piece } from './jitter-buffer';
import type { PlayedSampleCounter } from './played-sample-counter';

/** Sees what the device plays (an echo canceller's reference): every chunk, read-only, and every cut. */
export interface DeviceTap {
  /**
   * A chunk handed to the device (lead-in, item audio at its volume, silence; in device order), audible from
   * `playsAt` (performance.now() ms) as the played-sample counter reckons it.
   */
  write(pcm: Buffer, playsAt: number): void;
  /** The sound was cut at `at`: what was queued after it is never heard. */
  cut(at: number): void;
}

type Written = Parameters<PlayedSampleCounter['wrote']>[0];

export class DeviceWriter {
  /** 0..1, applied to item audio from the next chunk on. */
  volume = 1;
  /** Items whose first audio went to the device since playback was last idle. */
  private readonly startedItems = new Set<string>();

  constructor(
    private readonly counter: PlayedSampleCounter,
    private readonly stallMs: number,
    private readonly onStarted: (itemId: string) => void,
    private readonly tap: DeviceTap | null,
  ) {}

  /** A new stream: a new device timeline. */
  begin(): void {
    this.counter.beginStream();
  }

  /** The sound stops at `at` (an abort, a drained stream, a dead device): counts freeze there. */
  stop(at?: number): void {
    this.counter.stop(at);
    this.tap?.cut(at ?? performance.now());
  }

  /** Playback went idle: the next audio of any item starts it again. */
  reset(): void {
    this.startedItems.clear();
  }

  /** Silence queued before start(), into the empty queue: nothing to stall on. */
  async leadIn(stream: PaStream, samples: number): Promise<void> {
    await this.toDevice(stream, Buffer.alloc(samples * 2), samples);
  }

  /** Item pieces as one chunk; false if the device did not take it within `stallMs`. */
  async items(stream: PaStream, pieces: Piece[]): Promise<boolean> {
    if (pieces.length === 0) return true;
    const pcm = scalePcm16(pieces.length === 1 ? pieces[0]!.pcm : Buffer.concat(pieces.map((p) => p.pcm)), this.volume);
    for (const p of pieces) {
      if (this.startedItems.has(p.itemId)) continue;
      this.startedItems.add(p.itemId);
      this.onStarted(p.itemId);
    }
    const written = pieces.map((p) => ({ itemId: p.itemId, itemOffset: p.itemOffset, samples: p.pcm.length >> 1 }));
    return this.checked(stream, pcm, written);
  }

  /** Silence; false if the device did not take it within `stallMs`. */
  silence(stream: PaStream, samples: number): Promise<boolean> {
    return this.checked(stream, Buffer.alloc(samples * 2), samples);
  }

  private async checked(stream: PaStream, pcm: Buffer, written: Written): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const stalled = new Promise<'stalled'>((resolve) => {
      timer = setTimeout(() => resolve('stalled'), this.stallMs);
    });
    const result = await Promise.race([this.toDevice(stream, pcm, written), stalled]).finally(() => clearTimeout(timer));
    return result !== 'stalled';
  }

  /** The one place that writes to the device. */
  private toDevice(stream: PaStream, pcm: Buffer, written: Written): Promise<string | undefined> {
    const position = this.counter.wrote(written);
    this.tap?.write(pcm, this.counter.timeOfPosition(position));
    return stream.write(pcm);
  }
}
