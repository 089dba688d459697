// A test signal that survives PulseAudio's resampling and tells which 20 ms chunks came out: chunk k is a
// constant level 3000 + 200·(k mod 100). Counting recorded samples per level shows lost or cut chunks.

export const LEVEL_CHUNK_SAMPLES = 480;

export function levelChunk(k: number): Buffer {
  const b = Buffer.alloc(LEVEL_CHUNK_SAMPLES * 2);
  for (let i = 0; i < LEVEL_CHUNK_SAMPLES; i++) b.writeInt16LE(3000 + 200 * (k % 100), i * 2);
  return b;
}

export interface LevelAnalysis {
  /** Index of the first non-silent recorded sample, or -1. */
  firstSample: number;
  lastSample: number;
  /** Recorded milliseconds of chunk k (only chunks 0..min(count,100)-1 are unambiguous). */
  chunkMs: number[];
  /**
   * Milliseconds missing from chunks 1 up to the one before the last chunk heard (the first and the last
   * heard are edge effects of starting and stopping, reported in chunkMs).
   */
  missingMs: number;
}

export function analyseLevels(pcm: Buffer, count: number, rate = 24000): LevelAnalysis {
  const n = Math.min(count, 100);
  const samples = new Array<number>(n).fill(0);
  let firstSample = -1;
  let lastSample = -1;
  for (let i = 0; i + 1 < pcm.length; i += 2) {
    const v = pcm.readInt16LE(i);
    if (Math.abs(v) < 500) continue;
    if (firstSample < 0) firstSample = i / 2;
    lastSample = i / 2;
    const k = Math.round((v - 3000) / 200);
    // A sample only counts for a level it sits squarely on; resampler ramps between levels are ignored.
    if (k >= 0 && k < n && Math.abs(v - (3000 + 200 * k)) < 60) samples[k]!++;
  }
  const chunkMs = samples.map((s) => (s / rate) * 1000);
  const full = (LEVEL_CHUNK_SAMPLES / rate) * 1000;
  let lastHeard = -1;
  chunkMs.forEach((ms, k) => {
    if (ms >= 1) lastHeard = k; // a fade-out passes through other levels for a few samples
  });
  let missingMs = 0;
  for (let k = 1; k < lastHeard; k++) missingMs += Math.max(0, full - 1 - chunkMs[k]!);
  return { firstSample, lastSample, chunkMs, missingMs };
}
