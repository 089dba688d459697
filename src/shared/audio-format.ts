// The one audio format on the wire and inside the app: signed 16-bit little-endian PCM, 24 kHz, mono.
// The core, the simulator and the benchmarks all count time in it, so its numbers live here once.

export const SAMPLE_RATE = 24_000;
/** 24 kHz × 2 bytes. */
export const BYTES_PER_MS = (SAMPLE_RATE * 2) / 1000;
/**
 * One capture frame, one device read, and one append to the server: 40 ms. Every frame costs a read hop
 * through the addon's worker, a JSON event, a base64 string and a socket write, more than the audio in
 * it: 40 ms instead of 20 took the CLI's capture from 49 to 34 ms of CPU a second (its main thread from 30
 * to 17) and a duplex turn from 6.2 to 4.9 % of a core, for at most 20 ms more before the server hears a
 * frame (bench/cli-cpu.ts, bench/turns.ts; README "Measured").
 */
export const FRAME_SAMPLES = (SAMPLE_RATE * 40) / 1000;
export const FRAME_BYTES = FRAME_SAMPLES * 2;
/** Reported for digital silence instead of -Infinity, so levels stay plain JSON numbers. */
export const SILENCE_DBFS = -100;

export const bytesToMs = (bytes: number): number => bytes / BYTES_PER_MS;
export const msToBytes = (ms: number): number => Math.round(ms) * BYTES_PER_MS;
export const samplesOf = (ms: number): number => Math.round((ms * SAMPLE_RATE) / 1000);
export const msOfSamples = (samples: number): number => (samples * 1000) / SAMPLE_RATE;

/** A linear amplitude (0..1) in dBFS, floored at SILENCE_DBFS. */
export function toDbfs(amplitude: number): number {
  return amplitude > 0 ? Math.max(SILENCE_DBFS, 20 * Math.log10(amplitude)) : SILENCE_DBFS;
}
