// One forwarding class for everything that stands between the app and the audio engine's microphone
// (the macOS permission, the user's mute): each is a check before the microphone opens and a filter on
// what an open microphone delivers, and everything else passes through to the engine unchanged.
import { EventEmitter } from 'node:events';
import type { EarconKind } from '../audio/earcons';
import type { DeviceFallback, Level } from '../../shared/domain';
import type { AudioPorts, AudioServicePort, MicrophonePort } from '../audio/ports';

export interface MicrophoneGateRules {
  /** Before the assistant's microphone opens; rejects (a MicrophoneAccessError, shown as is) to refuse it. */
  beforeOpen?: () => Promise<void>;
  /** Before the Settings meter opens the microphone; rejects to refuse it. */
  beforeMonitor?: () => Promise<void>;
  /** Read at each frame and level of an open assistant microphone: false drops them. */
  passes?: () => boolean;
}

export class MicrophoneGate extends EventEmitter<{ fallback: [DeviceFallback] }> implements AudioServicePort {
  constructor(
    private readonly audio: AudioServicePort,
    private readonly rules: MicrophoneGateRules,
  ) {
    super();
    audio.on('fallback', this.forwardFallback);
  }

  listDevices(): ReturnType<AudioServicePort['listDevices']> {
    return this.audio.listDevices();
  }

  ports(choice: Parameters<AudioServicePort['ports']>[0]): AudioPorts {
    const inner = this.audio.ports(choice);
    const { beforeOpen, passes } = this.rules;
    return {
      speaker: inner.speaker,
      openMicrophone: async (options) => {
        await beforeOpen?.();
        const mic = await inner.openMicrophone(options);
        return passes ? new FilteredMicrophone(mic, passes) : mic;
      },
    };
  }

  setOutputVolume(volume: number): void {
    this.audio.setOutputVolume(volume);
  }

  playTestTone(deviceId: string | null): Promise<void> {
    return this.audio.playTestTone(deviceId);
  }

  playEarcon(kind: EarconKind, deviceId: string | null): void {
    this.audio.playEarcon(kind, deviceId);
  }

  async monitorInput(deviceId: string | null, onLevel: (level: Level) => void): Promise<() => Promise<void>> {
    await this.rules.beforeMonitor?.();
    return this.audio.monitorInput(deviceId, onLevel);
  }

  async close(): Promise<void> {
    this.audio.off('fallback', this.forwardFallback);
    await this.audio.close();
  }

  private readonly forwardFallback = (fallback: DeviceFallback): void => void this.emit('fallback', fallback);
}

type LooseEmitter = { on(event: string, listener: (value: unknown) => void): unknown };

/**
 * The engine's microphone with its frames and levels held back while `passes()` is false. The listeners
 * live on the engine's microphone itself, so its removeAllListeners() and stop() work as they always did;
 * errors and echo leaks always pass, since a broken device or a room that echoes is news even while muted.
 */
class FilteredMicrophone implements MicrophonePort {
  constructor(
    private readonly mic: MicrophonePort,
    private readonly passes: () => boolean,
  ) {}

  on(event: 'frame', listener: (pcm16: Buffer) => void): this;
  on(event: 'level', listener: (level: Level) => void): this;
  on(event: 'error', listener: (error: Error) => void): this;
  on(event: 'echo-leak', listener: () => void): this;
  on(event: 'frame' | 'level' | 'error' | 'echo-leak', listener: (value: never) => void): this {
    const deliver = listener as (value: unknown) => void;
    const held = (value: unknown): void => {
      if (this.passes()) deliver(value);
    };
    (this.mic as LooseEmitter).on(event, event === 'frame' || event === 'level' ? held : deliver);
    return this;
  }

  get echoCancelled(): boolean {
    return this.mic.echoCancelled;
  }

  removeAllListeners(): this {
    this.mic.removeAllListeners();
    return this;
  }

  stop(): Promise<void> {
    return this.mic.stop();
  }
}
