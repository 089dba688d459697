// The capture clock: when each microphone read was captured, from the samples counted and the smallest
// latency seen lately, so a read handled late does not move it, and a start-up burst is forgotten.
import { describe, expect, it } from 'vitest';
import { CaptureClock } from '../../../../src/main/audio/echo/capture-clock';

const READ = 960; // 20 ms at 48 kHz

describe('CaptureClock', () => {
  it('steps exactly 20 ms a read however late the reads are handled', () => {
    const clock = new CaptureClock();
    const times: number[] = [];
    for (let k = 1; k <= 100; k++) {
      const late = k % 7 === 0 ? 15 : k % 3 === 0 ? 4 : 0; // the event loop is sometimes late
      times.push(clock.read(READ, 48000, 1000 + k * 20 + 30 + late));
    }
    // The latency is the on-time reads' 30 ms; every step is 20 ms.
    expect(times[0]).toBeCloseTo(1000 + 20 + 30, 6);
    for (let k = 1; k < times.length; k++) expect(times[k]! - times[k - 1]!).toBeCloseTo(20, 6);
  });

  it('forgets a start-up burst within its window', () => {
    const clock = new CaptureClock();
    // Five reads the device had buffered arrive at once; then each read arrives 30 ms after it was captured.
    for (let k = 1; k <= 5; k++) clock.read(READ, 48000, 1000);
    const arrival = (k: number): number => 1000 + (k - 5) * 20 + 30;
    let early = NaN;
    let late = NaN;
    for (let k = 6; k <= 300; k++) {
      const t = clock.read(READ, 48000, arrival(k));
      if (k === 20) early = arrival(k) - t;
      late = arrival(k) - t;
    }
    // Right after the burst the latency reads 30 ms too low (the burst arrived "early"), so reads seem
    // captured 30 ms before they arrived; 2 s on, the burst has left the window and the estimate is right.
    expect(early).toBeCloseTo(30, 6);
    expect(late).toBeCloseTo(0, 6);
  });

  it('starts afresh after reset() or a change of rate', () => {
    const clock = new CaptureClock();
    for (let k = 1; k <= 10; k++) clock.read(READ, 48000, 1000 + k * 20 + 50);
    clock.reset();
    expect(clock.read(480, 24000, 5000)).toBe(5000);
    expect(clock.read(441, 44100, 6000)).toBe(6000);
  });
});
