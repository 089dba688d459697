// What the assistant needs from the audio engine, and nothing more. The engine (src/main/audio) provides
// the real implementation; keeping this narrow keeps the turn logic readable.
import type { EventEmitter } from 'node:events';
import type { Level } from '../../shared/domain';

export interface MicrophonePort extends EventEmitter<{ frame: [Buffer]; level: [Level]; error: [Error] }> {
  stop(): Promise<void>;
}

export interface SpeakerPort extends EventEmitter<{ idle: []; error: [Error] }> {
  /** Queue 24 kHz mono pcm16 for an assistant item; playback starts after a small jitter buffer. */
  play(itemId: string, pcm16: Buffer): void;
  /** No more audio will come for this item: play out what is buffered. */
  endItem(itemId: string): void;
  /** Silence now and drop everything queued. */
  stop(): void;
  /** Milliseconds of this item that have actually left the device. */
  playedMs(itemId: string): number;
  readonly playing: boolean;
}

export interface AudioPorts {
  openMicrophone(): Promise<MicrophonePort>;
  speaker: SpeakerPort;
}
