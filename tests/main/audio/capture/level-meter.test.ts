import { describe, expect, it } from 'vitest';
import { LevelMeter } from '../../../../src/main/audio/capture/level-meter';
import { SILENCE_DBFS } from '../../../../src/shared/audio-format';

const sine = (samples: number, amplitude: number): Buffer => {
  const b = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i++) b.writeInt16LE(Math.round(amplitude * 32767 * Math.sin((2 * Math.PI * 1000 * i) / 24000)), i * 2);
  return b;
};

describe('LevelMeter', () => {
  it('reports one level per window, whatever the frame size', () => {
    const m = new LevelMeter(1200);
    let levels = 0;
    for (let i = 0; i < 10; i++) levels += m.push(sine(480, 0.5)).length; // 4800 samples
    expect(levels).toBe(4);
  });

  it('measures a sine: peak ≈ amplitude, RMS ≈ amplitude − 3 dB', () => {
    const [l] = new LevelMeter(2400).push(sine(2400, 0.5));
    expect(l!.peakDbfs).toBeCloseTo(-6.02, 1);
    expect(l!.rmsDbfs).toBeCloseTo(-9.03, 1);
  });

  it('reports silence as the floor, not -Infinity', () => {
    const [l] = new LevelMeter(480).push(Buffer.alloc(960));
    expect(l).toEqual({ rmsDbfs: SILENCE_DBFS, peakDbfs: SILENCE_DBFS });
  });
});
