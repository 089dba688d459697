// Server-side turn detection: runs the energy VAD on appended audio when the session asks for it and
// gives each detected turn the item id the committed audio will carry.
import type { ServerVad, TurnDetection } from '../shared/protocol/events';
import { newId } from './ids';
import type { InputBuffer } from './input-buffer';
import type { EnergyVad } from './vad';

export type TurnEvent =
  | { kind: 'start'; itemId: string; audioStartMs: number }
  | { kind: 'stop'; itemId: string; audioStartMs: number; audioEndMs: number };

/** Extra audio kept while idle beyond the prefix, to cover an onset that began in the previous append. */
const ONSET_SLACK_MS = 100;

export class VoiceTurns {
  private enabled = false;
  private prefixMs = 300;
  private itemId: string | null = null;
  /** Timeline ms where the current turn's audio starts (prefix padding included). */
  private speechStartMs = 0;

  constructor(private readonly vad: EnergyVad) {}

  configure(td: TurnDetection, input: InputBuffer): void {
    this.enabled = td !== null;
    // semantic_vad is approximated by the same energy detector with default timings.
    const vad: Partial<ServerVad> = td?.type === 'server_vad' ? td : {};
    this.prefixMs = vad.prefix_padding_ms ?? 300;
    this.vad.configure({
      threshold: vad.threshold ?? 0.5,
      prefix_padding_ms: this.prefixMs,
      silence_duration_ms: vad.silence_duration_ms ?? 500,
    });
    this.restart(input);
  }

  /** Forgets a turn in progress (after a manual commit or clear). */
  restart(input: InputBuffer): void {
    this.vad.reset(input.endMs);
    this.itemId = null;
  }

  feed(pcm: Buffer, input: InputBuffer): TurnEvent[] {
    if (!this.enabled) return [];
    const events = this.vad.feed(pcm).map((e): TurnEvent => {
      if (e.kind === 'start') {
        this.itemId = newId('item');
        this.speechStartMs = e.audioStartMs;
        return { ...e, itemId: this.itemId };
      }
      const itemId = this.itemId ?? newId('item');
      this.itemId = null;
      return { ...e, itemId, audioStartMs: this.speechStartMs };
    });
    // While nobody speaks only the prefix padding can end up in a turn; the rest need not be kept.
    if (!this.vad.inSpeech && events.at(-1)?.kind !== 'stop') input.keepLast(this.prefixMs + ONSET_SLACK_MS);
    return events;
  }
}
