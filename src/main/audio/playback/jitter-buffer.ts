// Audio waiting to be written to the device, in arrival order, tagged with the item it belongs to and the
// item-relative sample offset (so the played-sample counter can say how much of each item was heard).
// Deltas of odd byte length keep their dangling byte until the item's next delta completes the sample.

export interface Piece {
  itemId: string;
  /** Offset of pcm[0] within the item, in samples. */
  itemOffset: number;
  pcm: Buffer;
}

export class JitterBuffer {
  private readonly queue: Piece[] = [];
  private samples = 0;
  /** Samples received so far per item (complete samples only). */
  private readonly received = new Map<string, number>();
  private readonly oddByte = new Map<string, Buffer>();

  /** Samples waiting. */
  get bufferedSamples(): number {
    return this.samples;
  }

  receivedSamples(itemId: string): number {
    return this.received.get(itemId) ?? 0;
  }

  push(itemId: string, pcm: Buffer): void {
    let bytes = pcm;
    const carry = this.oddByte.get(itemId);
    if (carry) {
      bytes = Buffer.concat([carry, pcm]);
      this.oddByte.delete(itemId);
    }
    if (bytes.length % 2) {
      this.oddByte.set(itemId, Buffer.from(bytes.subarray(bytes.length - 1)));
      bytes = bytes.subarray(0, bytes.length - 1);
    }
    const n = bytes.length >> 1;
    if (n === 0) return;
    const offset = this.received.get(itemId) ?? 0;
    this.received.set(itemId, offset + n);
    const last = this.queue[this.queue.length - 1];
    // Merge with the previous piece of the same item so take() stays cheap with many tiny deltas.
    if (last && last.itemId === itemId && last.itemOffset + (last.pcm.length >> 1) === offset) {
      last.pcm = Buffer.concat([last.pcm, bytes]);
    } else {
      this.queue.push({ itemId, itemOffset: offset, pcm: Buffer.from(bytes) });
    }
    this.samples += n;
  }

  /** Removes and returns up to `maxSamples`, possibly spanning items. */
  take(maxSamples: number): Piece[] {
    const out: Piece[] = [];
    let want = Math.max(0, Math.floor(maxSamples));
    while (want > 0 && this.queue.length) {
      const head = this.queue[0]!;
      const n = head.pcm.length >> 1;
      if (n <= want) {
        out.push(head);
        this.queue.shift();
        want -= n;
        this.samples -= n;
      } else {
        out.push({ itemId: head.itemId, itemOffset: head.itemOffset, pcm: head.pcm.subarray(0, want * 2) });
        head.pcm = head.pcm.subarray(want * 2);
        head.itemOffset += want;
        this.samples -= want;
        want = 0;
      }
    }
    return out;
  }

  /** Drops everything waiting (stop/flush); per-item received counts are kept. */
  clear(): void {
    this.queue.length = 0;
    this.samples = 0;
    this.oddByte.clear();
  }

  /** Forgets an item entirely (its counts too). */
  forget(itemId: string): void {
    for (let i = this.queue.length - 1; i >= 0; i--) {
      const p = this.queue[i]!;
      if (p.itemId === itemId) {
        this.samples -= p.pcm.length >> 1;
        this.queue.splice(i, 1);
      }
    }
    this.received.delete(itemId);
    this.oddByte.delete(itemId);
  }
}
