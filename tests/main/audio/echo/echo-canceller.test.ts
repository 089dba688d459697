// The canceller on synthetic signals, no devices: what the speaker plays comes back into the microphone
// through a delayed, attenuated, reverberant path; after a short convergence the microphone's echo is
// mostly gone, and speech of the user's own is kept.
import { describe, expect, it } from 'vitest';
import { EchoCanceller } from '../../../../src/main/audio/echo/echo-canceller';

/** Speech-like noise: bursts of 100–300 ms at syllable rate, seeded. */
function speechLike(samples: number, rate: number, seed: number): Float32Array {
  let s = seed;
  const rand = (): number => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s / 2 ** 31;
  };
  const out = new Float32Array(samples);
  let on = false;
  let left = 0;
  let lp = 0;
  for (let i = 0; i < samples; i++) {
    if (left-- <= 0) {
      on = !on;
      left = Math.round(((on ? 100 : 60) + rand() * 200) * (rate / 1000));
    }
    lp = 0.7 * lp + 0.3 * (rand() * 2 - 1); // a little low-pass: speech has more low than high
    out[i] = on ? 0.25 * lp : 0;
  }
  return out;
}

const toPcm16 = (x: Float32Array): Buffer => {
  const b = Buffer.alloc(x.length * 2);
  x.forEach((v, i) => b.writeInt16LE(Math.round(Math.max(-1, Math.min(1, v)) * 32767), i * 2));
  return b;
};

const power = (x: Float32Array): number => x.reduce((a, v) => a + v * v, 0) / Math.max(1, x.length);

/** 24 kHz far end → the room at 48 kHz: 60 ms delay, −6 dB, two reflections. */
function echoOf(far24: Float32Array): Float32Array {
  const out = new Float32Array(far24.length * 2);
  const taps: [number, number][] = [
    [60, 0.5],
    [71, 0.2],
    [89, 0.1],
  ];
  for (let i = 0; i < out.length; i++) {
    let v = 0;
    for (const [ms, g] of taps) {
      const j = Math.floor((i - ms * 48) / 2);
      if (j >= 0) v += g * far24[j]!;
    }
    out[i] = v;
  }
  return out;
}

describe('EchoCanceller', () => {
  it('removes most of the echo of what was played once it has converged, and keeps the user', async () => {
    const aec = await EchoCanceller.create();
    try {
      const seconds = 8;
      const far = speechLike(24000 * seconds, 24000, 7);
      const echo = echoOf(far);
      const near = speechLike(48000 * seconds, 48000, 99);
      const userFrom = 6 * 48000; // the user speaks over the last two seconds
      const farPcm = toPcm16(far);
      const before: number[] = [];
      const after: number[] = [];
      let outDuringUser = 0;
      let userPower = 0;
      // Real time is simulated, in order: at each 20 ms step the speaker writes the chunk that becomes
      // audible 40 ms later, then the microphone block captured 40–20 ms ago arrives.
      const chunk = (k: number): Buffer => farPcm.subarray(k * 960, (k + 1) * 960);
      for (let k = 0; k < 3; k++) aec.far.write(chunk(k), 1000 + k * 20, 960);
      for (let k = 0; k * 20 < seconds * 1000; k++) {
        const now = 1000 + k * 20 + 40;
        aec.far.write(chunk(k + 3), 1000 + (k + 3) * 20, now - 20);
        const mic = echo.slice(k * 960, (k + 1) * 960);
        const mine = near.subarray(k * 960, (k + 1) * 960);
        if (k * 960 >= userFrom) mic.forEach((v, i) => (mic[i] = v + mine[i]!));
        const { out } = aec.process(mic, 48000, now);
        expect(out).toHaveLength(960);
        if (k * 960 >= 2 * 48000 && k * 960 < userFrom) {
          before.push(power(mic));
          after.push(power(out));
        }
        if (k * 960 >= userFrom + 9600) {
          outDuringUser += power(out);
          userPower += power(mine);
        }
      }
      const erle = 10 * Math.log10(before.reduce((a, b) => a + b) / after.reduce((a, b) => a + b));
      // Deterministic (seeded signals, simulated time): 27 dB with the pinned build.
      expect(erle).toBeGreaterThan(22);
      // While the user talks over it the user's speech still comes through, not cut down to silence.
      const kept = 10 * Math.log10(outDuringUser / userPower);
      expect(kept).toBeGreaterThan(-6);
    } finally {
      aec.free();
    }
  });
});
