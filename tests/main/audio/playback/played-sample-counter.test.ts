import { describe, expect, it } from 'vitest';
import { PlayedSampleCounter } from '../../../../src/main/audio/playback/played-sample-counter';

class FakeClock {
  t = 1000;
  now = (): number => this.t;
}

const piece = (itemId: string, itemOffset: number, samples: number) => [{ itemId, itemOffset, samples }];

describe('PlayedSampleCounter', () => {
  it('advances in real time from the first write, never past what was written', () => {
    const clock = new FakeClock();
    const c = new PlayedSampleCounter({ clock, startOffsetMs: 0 });
    c.beginStream();
    c.wrote(piece('a', 0, 2400)); // 100 ms at t=1000
    clock.t += 40;
    expect(c.playedMs('a')).toBeCloseTo(40, 5);
    clock.t += 500;
    expect(c.playedMs('a')).toBeCloseTo(100, 5);
  });

  it('does not count lead-in silence, and applies the start offset', () => {
    const clock = new FakeClock();
    const c = new PlayedSampleCounter({ clock, startOffsetMs: 20 });
    c.beginStream();
    c.wrote(960); // 40 ms lead-in
    c.wrote(piece('a', 0, 4800));
    clock.t += 10; // audible position 30 ms: still in the lead-in
    expect(c.playedMs('a')).toBe(0);
    clock.t += 50; // 80 ms: 40 ms into the item
    expect(c.playedMs('a')).toBeCloseTo(40, 5);
  });

  it('splits played time between consecutive items', () => {
    const clock = new FakeClock();
    const c = new PlayedSampleCounter({ clock });
    c.beginStream();
    c.wrote([
      { itemId: 'a', itemOffset: 0, samples: 1200 },
      { itemId: 'b', itemOffset: 0, samples: 1200 },
    ]);
    clock.t += 75;
    expect(c.playedMs('a')).toBeCloseTo(50, 5);
    expect(c.playedMs('b')).toBeCloseTo(25, 5);
  });

  it('freezes at stop() and keeps the count across later streams', () => {
    const clock = new FakeClock();
    const c = new PlayedSampleCounter({ clock });
    c.beginStream();
    c.wrote(piece('a', 0, 24000));
    clock.t += 300;
    c.stop();
    clock.t += 300;
    expect(c.playedMs('a')).toBeCloseTo(300, 5);
    c.beginStream();
    c.wrote(piece('b', 0, 2400));
    clock.t += 1000;
    expect(c.playedMs('a')).toBeCloseTo(300, 5);
    expect(c.playedMs('b')).toBeCloseTo(100, 5);
  });

  it('holds the clock back when the device ran dry, so late audio is not counted as heard', () => {
    const clock = new FakeClock();
    const c = new PlayedSampleCounter({ clock });
    c.beginStream();
    c.wrote(piece('a', 0, 2400)); // 100 ms
    clock.t += 1000; // the event loop stalled: the device played 100 ms and then nothing
    c.wrote(piece('a', 2400, 2400));
    expect(c.playedMs('a')).toBeCloseTo(100, 5);
    clock.t += 50;
    expect(c.playedMs('a')).toBeCloseTo(150, 5);
  });

  it('reports pending samples and the end of the last item', () => {
    const clock = new FakeClock();
    const c = new PlayedSampleCounter({ clock });
    c.beginStream();
    c.wrote(piece('a', 0, 2400));
    c.wrote(480);
    expect(c.lastItemEnd()).toBe(2400);
    clock.t += 50;
    expect(c.pendingSamples()).toBe(2880 - 1200);
  });

  it('stop(at) freezes the counts at the cut, even one a little ahead of now', () => {
    const clock = new FakeClock();
    const c = new PlayedSampleCounter({ clock });
    c.beginStream();
    c.wrote(piece('a', 0, 24000));
    clock.t += 500;
    c.stop(clock.t + 30);
    expect(c.playedMs('a')).toBeCloseTo(530, 5);
    clock.t += 500;
    expect(c.playedMs('a')).toBeCloseTo(530, 5);
  });
});
