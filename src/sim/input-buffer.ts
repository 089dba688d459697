// The input audio buffer, positioned on the session's audio timeline (ms since the first append),
// so VAD offsets and committed ranges line up with what the client wrote.
import { BYTES_PER_MS, bytesToMs } from '../shared/audio-format';

export class InputBuffer {
  private chunks: Buffer[] = [];
  private size = 0;
  /** Session-timeline position of the first buffered byte, in bytes. */
  private startByte = 0;

  get bytes(): number {
    return this.size;
  }

  /** Session-timeline ms just past the last buffered byte. */
  get endMs(): number {
    return bytesToMs(this.startByte + this.size);
  }

  append(pcm: Buffer): void {
    this.chunks.push(pcm);
    this.size += pcm.length;
  }

  /** Everything buffered; the buffer is left empty at the same timeline position. */
  takeAll(): Buffer {
    const all = Buffer.concat(this.chunks);
    this.startByte += this.size;
    this.chunks = [];
    this.size = 0;
    return all;
  }

  clear(): void {
    this.takeAll();
  }

  /**
   * The audio between two timeline positions; what lies before `fromMs` is dropped and what lies after
   * `toMs` stays buffered for the next turn.
   */
  takeRange(fromMs: number, toMs: number): Buffer {
    const all = Buffer.concat(this.chunks);
    const from = clamp(Math.round(fromMs) * BYTES_PER_MS - this.startByte, 0, all.length);
    const to = clamp(Math.round(toMs) * BYTES_PER_MS - this.startByte, from, all.length);
    const taken = Buffer.from(all.subarray(from, to));
    this.chunks = to < all.length ? [Buffer.from(all.subarray(to))] : [];
    this.startByte += to;
    this.size = all.length - to;
    return taken;
  }

  /** Keeps only the last `ms` of audio: while VAD hears nothing only the prefix padding can matter. */
  keepLast(ms: number): void {
    const keep = Math.round(ms) * BYTES_PER_MS;
    if (this.size <= keep) return;
    const all = Buffer.concat(this.chunks);
    const drop = all.length - keep;
    this.chunks = keep > 0 ? [Buffer.from(all.subarray(drop))] : [];
    this.startByte += drop;
    this.size = keep;
  }
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(Math.max(v, lo), hi);
}
