// pcm16 helpers. The simulator treats all audio as pcm16 24 kHz mono, whatever format the session
// names: enough for a test peer, and it keeps echoed audio byte-exact.

export const SAMPLE_RATE = 24_000;
export const BYTES_PER_MS = (SAMPLE_RATE * 2) / 1000;

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Strict base64: Buffer.from() would silently skip bad characters, a real server does not. */
export function decodeBase64(text: string): Buffer | null {
  if (text.length % 4 !== 0 || !BASE64.test(text)) return null;
  return Buffer.from(text, 'base64');
}

export function bytesToMs(bytes: number): number {
  return bytes / BYTES_PER_MS;
}

export function msToBytes(ms: number): number {
  return Math.round(ms) * BYTES_PER_MS;
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
  const samples = Math.round((durationMs * SAMPLE_RATE) / 1000);
  const fade = Math.min(Math.round(((opts.fadeMs ?? 10) * SAMPLE_RATE) / 1000), Math.floor(samples / 2));
  const out = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i++) {
    const edge = Math.min(i, samples - 1 - i);
    const envelope = fade > 0 && edge < fade ? edge / fade : 1;
    const value = amplitude * envelope * Math.sin((2 * Math.PI * hz * i) / SAMPLE_RATE);
    out.writeInt16LE(Math.round(value * 32767), i * 2);
  }
  return out;
}
