// What the assistant needs from the audio engine, and nothing more. The engine (src/main/audio) provides
// the real implementation; keeping this narrow keeps the turn logic readable.
import type { Level } from '../../shared/domain';

export interface MicrophonePort {
  on(event: 'frame', listener: (pcm16: Buffer) => void): unknown;
  on(event: 'level', listener: (level: Level) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  removeAllListeners(): unknown;
  stop(): Promise<void>;
}

export interface SpeakerPort {
  on(event: 'idle', listener: () => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  off(event: 'idle', listener: () => void): unknown;
  off(event: 'error', listener: (error: Error) => void): unknown;
  /** Queue 24 kHz mono pcm16 for an assistant item; playback starts after a small jitter buffer. */
  play(itemId: string, pcm16: Buffer): void;
  /** No more audio will come for this item: play out what is buffered. */
  endItem(itemId: string): void;
  /** Silence now and drop everything queued; resolves once the device has actually stopped. */
  stop(): Promise<void> | void;
  /** Milliseconds of this item that have actually left the device. */
  playedMs(itemId: string): number;
  readonly playing: boolean;
}

export interface AudioPorts {
  openMicrophone(): Promise<MicrophonePort>;
  speaker: SpeakerPort;
}
