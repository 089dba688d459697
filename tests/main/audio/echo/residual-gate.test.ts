// The residual gate after AEC3: echo left over while the assistant speaks is turned down, the user's voice
// is not.
import { describe, expect, it } from 'vitest';
import { ResidualGate } from '../../../../src/main/audio/echo/residual-gate';

const dbfs = (db: number): number => 10 ** (db / 20);
/** A 10 ms step at 48 kHz with this RMS (a square wave). */
const stepAt = (db: number): Float32Array => Float32Array.from({ length: 480 }, (_, i) => (i % 2 ? 1 : -1) * dbfs(db));
const levelOf = (x: Float32Array): number => 20 * Math.log10(Math.sqrt(x.reduce((a, v) => a + v * v, 0) / x.length));

/** Runs `n` steps; returns the level (dBFS) of the last one after the gate. */
function run(gate: ResidualGate, n: number, far: number, mic: number, out: number): number {
  let last: Float32Array = new Float32Array(0);
  for (let i = 0; i < n; i++) {
    last = stepAt(out);
    gate.step(far === -Infinity ? 0 : dbfs(far), dbfs(mic), last);
  }
  return levelOf(last);
}

describe('ResidualGate', () => {
  it('turns down what the canceller already took most of, while the far end plays', () => {
    const gate = new ResidualGate();
    expect(run(gate, 100, -20, -25, -40)).toBeCloseTo(-70, 0);
  });

  it('leaves the user alone: loud, and not what the canceller removed', () => {
    const gate = new ResidualGate();
    expect(run(gate, 100, -20, -18, -19)).toBeCloseTo(-19, 1);
  });

  it('takes a quiet step for echo while the far end plays, more so just after a pause', () => {
    const gate = new ResidualGate();
    // The first half second of a reply after a pause: −28 dBFS is taken for echo.
    expect(run(gate, 10, -20, -28, -28)).toBeLessThan(-50);
    // Later in the reply −28 passes, −34 does not.
    expect(run(gate, 60, -20, -28, -28)).toBeCloseTo(-28, 1);
    expect(run(gate, 2, -20, -34, -34)).toBeLessThan(-55);
  });

  it('keeps gating through the echo tail, then lets everything through', () => {
    const gate = new ResidualGate();
    run(gate, 100, -20, -25, -40);
    expect(run(gate, 30, -Infinity, -30, -45)).toBeLessThan(-70); // 300 ms after the far end stopped
    expect(run(gate, 40, -Infinity, -45, -45)).toBeCloseTo(-45, 1); // 700 ms after
  });

  it('never gates with nothing playing', () => {
    const gate = new ResidualGate();
    expect(run(gate, 100, -Infinity, -40, -45)).toBeCloseTo(-45, 1);
    expect(gate.gated).toBe(0);
  });
});
