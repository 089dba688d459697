// What the rest of the app needs from the audio engine: the assistant's microphone and speaker (kept
// narrow so the turn logic stays readable), and for the app core devices, the Settings test tone and mic
// meter. Implemented over PortAudio by src/main/audio/engine.ts.
import type { EventEmitter } from 'node:events';
import type { EarconKind } from './earcons';
import type { DeviceFallback, DeviceList, Level } from '../../shared/domain';

export interface MicrophonePort {
  on(event: 'frame', listener: (pcm16: Buffer) => void): unknown;
  /** Echo is getting through the canceller: the assistant can hear itself (at most once per microphone). */
  on(event: 'echo-leak', listener: () => void): unknown;
  on(event: 'level', listener: (level: Level) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  removeAllListeners(): unknown;
  stop(): Promise<void>;
  /** The speaker's echo is cancelled in what this microphone sends. */
  readonly echoCancelled: boolean;
}

/** What an interruption cut: the item that was playing, and how much of it the user heard. */
export interface PlaybackCut {
  itemId: string;
  /** Heard before the sound stopped; never more than `receivedMs`. */
  playedMs: number;
  /** Audio received for the item. */
  receivedMs: number;
}

export interface SpeakerPort {
  on(event: 'idle', listener: () => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  off(event: 'idle', listener: () => void): unknown;
  off(event: 'error', listener: (error: Error) => void): unknown;
  /** Queue 24 kHz mono pcm16 for an assistant item; false when it is not played (the item was cut). */
  play(itemId: string, pcm16: Buffer): boolean;
  /** No more audio will come for this item: play out what is buffered. */
  endItem(itemId: string): void;
  /**
   * Barge-in: the item playing is cut at once (its late audio is ignored from this call on); resolves once
   * the device has stopped with what was heard of it, or null when nothing was playing.
   */
  interrupt(): Promise<PlaybackCut | null>;
  /** A new response may reuse a cut item's id (id-less servers use '' for all): let its audio play again. */
  reopenItem(itemId: string): void;
  /**
   * Audio is coming (a response was created): open the output now, so the first delta does not wait the
   * ≈ 40–60 ms PortAudio takes to open it. Closed again if no audio follows.
   */
  prepare(): void;
  /** Silence now and drop everything queued, with nothing to report; resolves once the device has stopped. */
  stop(): Promise<void>;
  /** Milliseconds of this item that have actually left the device. */
  playedMs(itemId: string): number;
  readonly playing: boolean;
}

/**
 * The system refused the app the microphone (macOS privacy settings). Its message is the whole story with
 * the fix, meant to be shown as is: a generic "the microphone is not working" around it would send the user
 * looking for a cable.
 */
export class MicrophoneAccessError extends Error {
  override readonly name = 'MicrophoneAccessError';
}

export interface MicrophoneOptions {
  /** Cancel the speaker's echo in what it sends (default true): only worth its CPU when the microphone is open while the assistant speaks. */
  echoCancellation?: boolean;
}

export interface AudioPorts {
  /** Rejects with a MicrophoneAccessError when the system does not let the app record. */
  openMicrophone(options?: MicrophoneOptions): Promise<MicrophonePort>;
  speaker: SpeakerPort;
}

export interface AudioServicePort extends EventEmitter<{ fallback: [DeviceFallback] }> {
  listDevices(): Promise<DeviceList>;
  /** Ports that open the currently chosen devices each time they are used. */
  ports(choice: () => { inputDeviceId: string | null; outputDeviceId: string | null; outputVolume: number }): AudioPorts;
  /** 0..1, applied to the assistant's speech from the next chunk on. */
  setOutputVolume(volume: number): void;
  playTestTone(deviceId: string | null): Promise<void>;
  /**
   * The push-to-talk key was heard (start) or let go (stop): a short sound on the output, on a player of its
   * own (never the assistant's speaker, never the session). Fire and forget: a failure is only not heard.
   */
  playEarcon(kind: EarconKind, deviceId: string | null): void;
  /** Streams input levels until the returned function is called. */
  monitorInput(deviceId: string | null, onLevel: (level: Level) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}
