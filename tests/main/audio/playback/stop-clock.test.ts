import { describe, expect, it } from 'vitest';
import { ADDON_QUIT_SLEEP_MS, QUIT_TAIL_MS, StopClock } from '../../../../src/main/audio/playback/stop-clock';

describe('StopClock', () => {
  it('without a known callback phase, predicts the cut one quit sleep (plus the carry) after the stop', () => {
    const clock = new StopClock(0, -4);
    expect(clock.predictedCut(1000)).toBe(1000 + ADDON_QUIT_SLEEP_MS - 4);
  });

  it('learns the callback phase from the first release of a burst and waits for the next wake-up', () => {
    const clock = new StopClock(0, 0); // host's choice: 10 ms period
    clock.released(995, 1000); // blocked 5 ms: a wake-up at 1000
    clock.released(1000, 1003); // blocked again within half a period: the same burst
    // At 1023 the callback last woke at 1020 (period 10) and is idle: the quit waits for 1030.
    expect(clock.predictedCut(1023)).toBe(1030 + ADDON_QUIT_SLEEP_MS);
    // Right after a release the callback is taking chunks: the quit proceeds at once.
    clock.released(1029, 1032);
    expect(clock.predictedCut(1033)).toBe(1033 + ADDON_QUIT_SLEEP_MS);
  });

  it('ignores writes that were accepted at once (they say nothing about the callback)', () => {
    const clock = new StopClock(0, 0);
    clock.released(999, 1000); // 1 ms: not blocked
    expect(clock.predictedCut(1003)).toBe(1003 + ADDON_QUIT_SLEEP_MS);
  });

  it('uses the host buffer period when framesPerBuffer is set, and forgets the phase on a new stream', () => {
    const clock = new StopClock(1024, 0); // 1024 frames at 24 kHz ≈ 42.7 ms
    clock.released(990, 1000);
    const period = (1024 * 1000) / 24000;
    expect(clock.predictedCut(1010)).toBeCloseTo(1000 + period + ADDON_QUIT_SLEEP_MS, 6);
    clock.newStream();
    expect(clock.predictedCut(1010)).toBe(1010 + ADDON_QUIT_SLEEP_MS);
  });

  it('measures the cut from when the close returned, bounded by the stop and the prediction', () => {
    const clock = new StopClock(0, 0);
    expect(clock.measuredCut(1100, 1000, 1030)).toEqual([1100 - QUIT_TAIL_MS, 1000, 1050]);
  });
});
