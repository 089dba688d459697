// pcm16 helpers the simulator alone needs. It treats all audio as pcm16 24 kHz mono, whatever format the
// session names: enough for a test peer, and it keeps echoed audio byte-exact.
import { z } from 'zod';
import { bytesToMs, SAMPLE_RATE, samplesOf } from '../shared/audio-format';

// Padded standard base64, the same check the client's schemas make on audio.
const BASE64 = z.base64();

/** Strict base64: Buffer.from() alone would silently skip bad characters, a real server does not. */
export function decodeBase64(text: string): Buffer | null {
  return BASE64.safeParse(text).success ? Buffer.from(text, 'base64') : null;
}

/** "1.23" for 1234 ms worth of bytes: the wording used in transcripts. */
export function secondsLabel(bytes: number): string {
  return (bytesToMs(bytes) / 1000).toFixed(2);
}

/** Root mean square of a pcm16 window, 0..1 of full scale. */
export function rms(pcm: Buffer): number {
  const samples = Math.floor(pcm.length / 2);
  if (samples === 0) return 0;
  let sum = 0;
  for (let i = 0; i < samples; i++) {
    const s = pcm.readInt16LE(i * 2) / 32768;
    sum += s * s;
  }
  return Math.sqrt(sum / samples);
}

export interface ToneOptions {
  hz?: number;
  amplitude?: number;
  fadeMs?: number;
}

/** A sine tone with linear fades so playback has real, click-free sound. */
export function tone(durationMs: number, opts: ToneOptions = {}): Buffer {
  const hz = opts.hz ?? 440;
  const amplitude = opts.amplitude ?? 0.3;
  const samples = samplesOf(durationMs);
  const fade = Math.min(samplesOf(opts.fadeMs ?? 10), Math.floor(samples / 2));
  const out = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i++) {
    const edge = Math.min(i, samples - 1 - i);
    const envelope = fade > 0 && edge < fade ? edge / fade : 1;
    const value = amplitude * envelope * Math.sin((2 * Math.PI * hz * i) / SAMPLE_RATE);
    out.writeInt16LE(Math.round(value * 32767), i * 2);
  }
  return out;
}
