// Energy VAD over 20 ms windows of pcm16. `threshold` (0..1) maps linearly onto -60..-20 dBFS of RMS,
// so the default 0.5 fires at -40 dBFS: quiet speech triggers it, digital silence and hiss do not.
import { BYTES_PER_MS } from '../shared/audio-format';
import { rms } from './audio';

const WINDOW_MS = 20;
const WINDOW_BYTES = WINDOW_MS * BYTES_PER_MS;
/** Consecutive loud windows needed before speech counts, so a lone click does not start a turn. */
const ONSET_WINDOWS = 2;

export interface VadSettings {
  threshold: number;
  prefix_padding_ms: number;
  silence_duration_ms: number;
}

export type VadEvent = { kind: 'start'; audioStartMs: number } | { kind: 'stop'; audioEndMs: number };

export function rmsThreshold(threshold: number): number {
  return 10 ** ((-60 + 40 * threshold) / 20);
}

export class EnergyVad {
  private carry: Buffer = Buffer.alloc(0);
  /** Timeline ms where the next full window starts. */
  private positionMs = 0;
  private speaking = false;
  private loudRun = 0;
  private quietMs = 0;

  constructor(private settings: VadSettings) {}

  get inSpeech(): boolean {
    return this.speaking;
  }

  configure(settings: VadSettings): void {
    this.settings = settings;
  }

  /** Forgets any speech in progress; the next audio starts at `positionMs` on the timeline. */
  reset(positionMs: number): void {
    this.carry = Buffer.alloc(0);
    this.positionMs = positionMs;
    this.speaking = false;
    this.loudRun = 0;
    this.quietMs = 0;
  }

  /** Feeds appended audio; returns the turn boundaries it completes, in order. */
  feed(pcm: Buffer): VadEvent[] {
    const events: VadEvent[] = [];
    let data = this.carry.length > 0 ? Buffer.concat([this.carry, pcm]) : pcm;
    const limit = rmsThreshold(this.settings.threshold);
    while (data.length >= WINDOW_BYTES) {
      const loud = rms(data.subarray(0, WINDOW_BYTES)) >= limit;
      data = data.subarray(WINDOW_BYTES);
      this.positionMs += WINDOW_MS;
      const event = this.step(loud);
      if (event) events.push(event);
    }
    this.carry = Buffer.from(data);
    return events;
  }

  private step(loud: boolean): VadEvent | null {
    if (!this.speaking) {
      this.loudRun = loud ? this.loudRun + 1 : 0;
      if (this.loudRun < ONSET_WINDOWS) return null;
      this.speaking = true;
      this.quietMs = 0;
      const onsetMs = this.positionMs - ONSET_WINDOWS * WINDOW_MS;
      return { kind: 'start', audioStartMs: Math.max(0, onsetMs - this.settings.prefix_padding_ms) };
    }
    this.quietMs = loud ? 0 : this.quietMs + WINDOW_MS;
    if (this.quietMs < this.settings.silence_duration_ms) return null;
    this.speaking = false;
    this.loudRun = 0;
    return { kind: 'stop', audioEndMs: this.positionMs };
  }
}
