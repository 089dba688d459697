// Sample-level helpers for the protocol's audio format (its numbers are in shared/audio-format): signed
// 16-bit little-endian PCM, 24 kHz mono.
import { SILENCE_DBFS, toDbfs } from '../../shared/audio-format';
import type { Level } from '../../shared/domain';

/** Interleaved int16 → mono float (-1..1), averaging channels. */
export function toMonoFloat(pcm: Buffer, channels: number): Float32Array {
  const frames = Math.floor(pcm.length / 2 / channels);
  const out = new Float32Array(frames);
  for (let f = 0; f < frames; f++) {
    let sum = 0;
    for (let c = 0; c < channels; c++) sum += pcm.readInt16LE((f * channels + c) * 2);
    out[f] = sum / channels / 32768;
  }
  return out;
}

/** Float (-1..1) → int16 bytes, rounded and clipped. */
export function floatToPcm16(samples: Float32Array): Buffer {
  const out = Buffer.alloc(samples.length * 2);
  for (let i = 0; i < samples.length; i++) {
    const v = Math.round(samples[i]! * 32768);
    out.writeInt16LE(v > 32767 ? 32767 : v < -32768 ? -32768 : v, i * 2);
  }
  return out;
}

/** A scaled copy (volume 0..1); returns the input itself at unity gain. */
export function scalePcm16(pcm: Buffer, volume: number): Buffer {
  if (volume >= 1) return pcm;
  const out = Buffer.alloc(pcm.length - (pcm.length % 2));
  const g = Math.max(0, volume);
  for (let i = 0; i + 1 < pcm.length; i += 2) out.writeInt16LE(Math.round(pcm.readInt16LE(i) * g), i);
  return out;
}

/** RMS and peak of int16 samples, in dBFS (0 = full scale; a full-scale sine has RMS −3 dBFS). */
export function levelOf(pcm: Buffer): Level {
  const n = pcm.length >> 1;
  if (n === 0) return { rmsDbfs: SILENCE_DBFS, peakDbfs: SILENCE_DBFS };
  let sumSq = 0;
  let peak = 0;
  for (let i = 0; i < n; i++) {
    const v = pcm.readInt16LE(i * 2) / 32768;
    sumSq += v * v;
    const a = Math.abs(v);
    if (a > peak) peak = a;
  }
  return { rmsDbfs: toDbfs(Math.sqrt(sumSq / n)), peakDbfs: toDbfs(peak) };
}
