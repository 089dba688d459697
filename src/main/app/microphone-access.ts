// macOS records silence, without an error, from an app that was not granted the microphone: without this
// check a turn would go out empty and the user would never learn why. The shell hands in how to ask (the
// core never imports electron); everything else passes through to the engine unchanged.
import { EventEmitter } from 'node:events';
import type { EarconKind } from '../audio/earcons';
import type { DeviceFallback, Level } from '../../shared/domain';
import { MicrophoneAccessError, type AudioPorts, type AudioServicePort } from '../audio/ports';

export const MICROPHONE_ACCESS_OFF =
  'Microphone access is off for Voice Assistant. Turn it on in System Settings → Privacy & Security → Microphone, then try again.';

/**
 * The audio service, asking the system for the microphone before anything records. A grant is remembered
 * (macOS does not take it back from a running app); a denial is asked again each time, since the user may
 * have turned access on in System Settings meanwhile. Concurrent openings share one question.
 */
export function withMicrophoneAccess(audio: AudioServicePort, ask: () => Promise<boolean>): AudioServicePort {
  return new MicrophoneAccessGate(audio, ask);
}

class MicrophoneAccessGate extends EventEmitter<{ fallback: [DeviceFallback] }> implements AudioServicePort {
  private granted = false;
  private asking: Promise<boolean> | null = null;

  constructor(
    private readonly audio: AudioServicePort,
    private readonly ask: () => Promise<boolean>,
  ) {
    super();
    audio.on('fallback', this.forwardFallback);
  }

  listDevices(): ReturnType<AudioServicePort['listDevices']> {
    return this.audio.listDevices();
  }

  ports(choice: Parameters<AudioServicePort['ports']>[0]): AudioPorts {
    const inner = this.audio.ports(choice);
    return {
      speaker: inner.speaker,
      openMicrophone: async () => {
        await this.allowed();
        return inner.openMicrophone();
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
    await this.allowed();
    return this.audio.monitorInput(deviceId, onLevel);
  }

  async close(): Promise<void> {
    this.audio.off('fallback', this.forwardFallback);
    await this.audio.close();
  }

  private readonly forwardFallback = (fallback: DeviceFallback): void => void this.emit('fallback', fallback);

  private async allowed(): Promise<void> {
    if (this.granted) return;
    this.asking ??= this.ask().finally(() => {
      this.asking = null;
    });
    if (await this.asking) this.granted = true;
    else throw new MicrophoneAccessError(MICROPHONE_ACCESS_OFF);
  }
}
