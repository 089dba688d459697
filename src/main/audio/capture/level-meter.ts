// Input level for meters and VAD UIs: RMS and peak over fixed windows (50 ms → 20 readings a second),
// split exactly on sample boundaries whatever the frame size.
import { toDbfs } from '../../../shared/audio-format';
import type { Level } from '../../../shared/domain';

export class LevelMeter {
  private sumSq = 0;
  private peak = 0;
  private count = 0;

  constructor(readonly windowSamples: number) {
    if (!(windowSamples > 0)) throw new Error(`bad level window ${windowSamples}`);
  }

  /** Feeds pcm16 samples; returns a Level for every window completed. */
  push(pcm: Buffer): Level[] {
    const out: Level[] = [];
    for (let i = 0; i + 1 < pcm.length; i += 2) {
      const v = pcm.readInt16LE(i) / 32768;
      this.sumSq += v * v;
      const a = Math.abs(v);
      if (a > this.peak) this.peak = a;
      if (++this.count === this.windowSamples) {
        out.push({ rmsDbfs: toDbfs(Math.sqrt(this.sumSq / this.count)), peakDbfs: toDbfs(this.peak) });
        this.sumSq = 0;
        this.peak = 0;
        this.count = 0;
      }
    }
    return out;
  }
}
