// The short sounds that say the push-to-talk key was heard: two rising notes at the press, two falling at
// the release. Made here rather than shipped as files (a few milliseconds of sine per note, faded in and
// out so they do not click), at 24 kHz mono pcm16 like all playback. Played by the engine on a player of
// their own, never the assistant's speaker and never into the session.
import { SAMPLE_RATE, samplesOf } from '../../shared/audio-format';

export type EarconKind = 'start' | 'stop';

const NOTE_MS = 45;
const GAP_MS = 15;
const FADE_MS = 6;
/** ≈ −18 dBFS: noticeable, well under speech. */
const AMPLITUDE = 0.125;
const NOTES: Record<EarconKind, readonly number[]> = { start: [660, 880], stop: [880, 660] };

function note(hz: number): Buffer {
  const samples = samplesOf(NOTE_MS);
  const fade = samplesOf(FADE_MS);
  const out = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i++) {
    const envelope = Math.min(1, i / fade, (samples - 1 - i) / fade);
    out.writeInt16LE(Math.round(AMPLITUDE * envelope * 32767 * Math.sin((2 * Math.PI * hz * i) / SAMPLE_RATE)), i * 2);
  }
  return out;
}

const cache = new Map<EarconKind, Buffer>();

/** The earcon as 24 kHz mono pcm16 (≈ 105 ms). */
export function earconPcm(kind: EarconKind): Buffer {
  let pcm = cache.get(kind);
  if (!pcm) {
    const [first, second] = NOTES[kind];
    pcm = Buffer.concat([note(first!), Buffer.alloc(samplesOf(GAP_MS) * 2), note(second!)]);
    cache.set(kind, pcm);
  }
  return pcm;
}
