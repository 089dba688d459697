// Cuts a byte stream into fixed-size frames (the capture path's exact 40 ms / 1920-byte frames), carrying
// the remainder over to the next push.

export class FrameChunker {
  private pending: Buffer = Buffer.alloc(0);

  constructor(readonly frameBytes: number) {
    if (!Number.isInteger(frameBytes) || frameBytes <= 0) throw new Error(`bad frame size ${frameBytes}`);
  }

  /** Appends bytes and returns every complete frame now available (each a fresh Buffer). */
  push(bytes: Buffer): Buffer[] {
    const all = this.pending.length ? Buffer.concat([this.pending, bytes]) : bytes;
    const frames: Buffer[] = [];
    let off = 0;
    for (; off + this.frameBytes <= all.length; off += this.frameBytes) {
      frames.push(Buffer.from(all.subarray(off, off + this.frameBytes)));
    }
    this.pending = Buffer.from(all.subarray(off));
    return frames;
  }

  /** Bytes waiting for the next frame. */
  get buffered(): number {
    return this.pending.length;
  }

  reset(): void {
    this.pending = Buffer.alloc(0);
  }
}
