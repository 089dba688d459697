// Audio waiting to be written to the device, in arrival order, tagged with the item it belongs to and the
// item-relative sample offset (so the played-sample counter can say how much of each item was heard).
// Deltas of odd byte length keep their dangling byte until the item's next delta completes the sample.
// It also knows which items still have audio to come and when audio last came, wakes a writer waiting for
// it, and counts what each item received: the one count of received audio per item.

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
  /** Items with audio still to come: pushed to and not ended since the last clear(). */
  private readonly open = new Set<string>();
  private wake: (() => void) | null = null;
  /** performance.now() of the last push. */
  lastPushAt = 0;

  /** Samples waiting. */
  get bufferedSamples(): number {
    return this.samples;
  }

  /** No item has audio to come. */
  get allEnded(): boolean {
    return this.open.size === 0;
  }

  receivedSamples(itemId: string): number {
    return this.received.get(itemId) ?? 0;
  }

  push(itemId: string, pcm: Buffer): void {
    this.lastPushAt = performance.now();
    this.open.add(itemId);
    this.enqueue(itemId, pcm);
    this.changed();
  }

  private enqueue(itemId: string, pcm: Buffer): void {
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

  /** No more audio will come for this item; false if it had none to come. */
  end(itemId: string): boolean {
    if (!this.open.delete(itemId)) return false;
    this.changed();
    return true;
  }

  /** Treats every item as ended (their audio stopped coming). */
  endAll(): void {
    this.open.clear();
  }

  /** Drops everything waiting, and what was still to come; per-item received counts are kept. */
  clear(): void {
    this.queue.length = 0;
    this.samples = 0;
    this.oddByte.clear();
    this.open.clear();
    this.changed();
  }

  /** Resolves true when audio is pushed, an item ends or all is cleared within `ms`, false on timeout. */
  waitForChange(ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.wake = null;
        resolve(false);
      }, Math.max(1, ms));
      this.wake = () => {
        clearTimeout(timer);
        this.wake = null;
        resolve(true);
      };
    });
  }

  private changed(): void {
    this.wake?.();
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
    this.open.delete(itemId);
  }
}
