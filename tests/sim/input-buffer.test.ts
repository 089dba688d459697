import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputBuffer } from '../../src/sim/input-buffer';

/** pcm16 whose every sample encodes its own position, so any slice can be located. */
function timeline(ms: number): Buffer {
  const out = Buffer.alloc(ms * 48);
  for (let i = 0; i < out.length; i += 2) out.writeUInt16LE((i / 2) % 65536, i);
  return out;
}

describe('InputBuffer', () => {
  it('takeRange returns exactly the requested timeline span and keeps the rest', () => {
    const audio = timeline(1000);
    const b = new InputBuffer();
    b.append(audio.subarray(0, 10_000));
    b.append(audio.subarray(10_000));
    expect(b.takeRange(200, 700).equals(audio.subarray(200 * 48, 700 * 48))).toBe(true);
    expect(b.bytes).toBe(300 * 48);
    expect(b.endMs).toBe(1000);
    expect(b.takeAll().equals(audio.subarray(700 * 48))).toBe(true);
  });

  it('keeps timeline positions across keepLast, takeAll and later appends', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 300 }), { minLength: 1, maxLength: 12 }), fc.integer({ min: 0, max: 500 }), (chunksMs, keepMs) => {
        const totalMs = chunksMs.reduce((a, b) => a + b, 0);
        const audio = timeline(totalMs);
        const b = new InputBuffer();
        let at = 0;
        for (const ms of chunksMs) {
          b.append(audio.subarray(at * 48, (at + ms) * 48));
          at += ms;
        }
        b.keepLast(keepMs);
        const kept = Math.min(keepMs, totalMs);
        expect(b.endMs).toBe(totalMs);
        const from = totalMs - kept;
        // Asking for more than is kept yields only what is kept, still aligned to the timeline.
        expect(b.takeRange(0, totalMs).equals(audio.subarray(from * 48))).toBe(true);
        expect(b.bytes).toBe(0);
      }),
      { numRuns: 100 },
    );
  });
});
