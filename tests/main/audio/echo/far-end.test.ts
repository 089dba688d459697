// The far end on the microphone's clock: audio placed where it becomes audible, read back frame by frame
// from where the reader was put, and taken out again when a stop cut it.
import { describe, expect, it } from 'vitest';
import { FAR_FRAME, FarEnd } from '../../../../src/main/audio/echo/far-end';

/** pcm16 of `ms` at a constant level. */
const level = (ms: number, value = 16384): Buffer => {
  const b = Buffer.alloc(ms * 24 * 2);
  for (let i = 0; i < b.length; i += 2) b.writeInt16LE(value, i);
  return b;
};

const joined = (frames: Float32Array[]): Float32Array => {
  const out = new Float32Array(frames.length * FAR_FRAME);
  frames.forEach((f, i) => out.set(f, i * FAR_FRAME));
  return out;
};

describe('FarEnd', () => {
  it('hands out audio at its place on the clock, frame by frame', () => {
    const far = new FarEnd();
    far.seek(1000);
    far.write(level(30), 1100, 1000); // written now, heard 100 ms later
    expect(joined(far.read(10)).some((x) => x !== 0)).toBe(false); // 1000–1100 ms: nothing yet
    expect(far.position).toBe(1100);
    const x = joined(far.read(5));
    expect(x.slice(0, 30 * 24).every((v) => v === 0.5)).toBe(true);
    expect(x.slice(30 * 24).every((v) => v === 0)).toBe(true);
  });

  it('hands out every sample once, whatever the reads', () => {
    const far = new FarEnd();
    far.seek(0);
    far.write(level(100, 8192), 10, 0);
    let total = 0;
    for (const n of [1, 3, 2, 7, 1, 9]) total += joined(far.read(n)).filter((v) => v !== 0).length;
    expect(total).toBe(100 * 24);
  });

  it('drops what a stop cut: queued audio after the cut is never heard', () => {
    const far = new FarEnd();
    far.seek(0);
    far.write(level(400), 50, 0);
    far.cut(150);
    expect(joined(far.read(50)).filter((v) => v !== 0).length).toBe(100 * 24);
  });

  it('a seek forward skips what lay before', () => {
    const far = new FarEnd();
    far.seek(0);
    far.write(level(200), 0, 0);
    far.seek(100);
    expect(joined(far.read(10)).filter((v) => v !== 0).length).toBe(100 * 24);
  });

  it('reads a little faster or slower when told, between samples', () => {
    const far = new FarEnd();
    far.seek(0);
    const ramp = Buffer.alloc(200 * 24 * 2);
    for (let i = 0; i < 200 * 24; i++) ramp.writeInt16LE(i % 16000, i * 2);
    far.write(ramp, 0, 0);
    far.read(10, 1.001); // 100 ms at +1000 ppm: 2400 × 1.001 samples
    expect(far.position).toBeCloseTo(100.1, 5);
    const [frame] = far.read(1, 1.001);
    // A ramp interpolates exactly: sample i of the frame is the ramp at 2402.4 + i × 1.001.
    expect(frame![0]! * 32768).toBeCloseTo(2402.4, 1);
    expect(frame![100]! * 32768).toBeCloseTo(2402.4 + 100.1, 1);
  });

  it('keeps audio written while nobody reads, as long as it is still to come', () => {
    const far = new FarEnd();
    far.write(level(50), 5300, 5000); // no reader yet
    far.seek(5300);
    expect(joined(far.read(5)).filter((v) => v !== 0).length).toBe(50 * 24);
  });

  it('forgets what nobody read for a while instead of keeping a stale backlog', () => {
    const far = new FarEnd();
    far.seek(0);
    far.write(level(200), 100, 0);
    far.write(level(10), 10_000, 9_990); // ten seconds later
    expect(far.position).toBeGreaterThanOrEqual(9_400);
  });
});
