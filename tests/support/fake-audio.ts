// A stand-in for the PortAudio engine, for tests of the composition layer (src/main/app): it records what
// the core asked of the devices, and lets a test feed microphone frames. Real audio is tested in
// tests/main/audio and the e2e suite.
import { EventEmitter } from 'node:events';
import type { AudioServicePort } from '../../src/main/audio/ports';
import type { DeviceFallback, DeviceList, Level } from '../../src/shared/domain';
import { bytesToMs, BYTES_PER_MS } from '../../src/shared/audio-format';

export class FakeMicrophone extends EventEmitter {
  stopped = false;
  /** Whether the engine would run the echo canceller on this microphone. */
  echoCancelled = false;
  async stop(): Promise<void> {
    this.stopped = true;
  }
  /** What the device would deliver: 24 kHz mono pcm16 frames. */
  feed(pcm16: Buffer): void {
    this.emit('frame', pcm16);
  }
}

export class FakeSpeaker extends EventEmitter {
  readonly received = new Map<string, number>();
  private readonly cut = new Set<string>();
  private speaking: string | null = null;
  playing = false;

  play(itemId: string, pcm16: Buffer): boolean {
    if (this.cut.has(itemId)) return false;
    this.received.set(itemId, (this.received.get(itemId) ?? 0) + pcm16.length);
    this.speaking = itemId;
    this.playing = true;
    return true;
  }

  endItem(itemId: string): void {
    if (this.speaking !== itemId) return;
    // Played out at once: a fake has no device time.
    setImmediate(() => this.stop());
  }

  async interrupt(): Promise<{ itemId: string; playedMs: number; receivedMs: number } | null> {
    const itemId = this.speaking;
    // Like the real speaker: late deltas are refused from the moment of the call, not after the stop.
    if (itemId !== null) this.cut.add(itemId);
    await this.stop();
    if (itemId === null) return null;
    const receivedMs = bytesToMs(this.received.get(itemId) ?? 0);
    return { itemId, playedMs: receivedMs, receivedMs };
  }

  /** Responses that announced audio (a fake has no device to open). */
  prepared = 0;
  prepare(): void {
    this.prepared++;
  }

  reopenItem(itemId: string): void {
    this.cut.delete(itemId);
  }

  async stop(): Promise<void> {
    this.speaking = null;
    if (!this.playing) return;
    this.playing = false;
    this.emit('idle');
  }

  playedMs(itemId: string): number {
    return (this.received.get(itemId) ?? 0) / BYTES_PER_MS;
  }
}

export class FakeAudio extends EventEmitter<{ fallback: [DeviceFallback] }> implements AudioServicePort {
  readonly speaker = new FakeSpeaker();
  readonly microphones: FakeMicrophone[] = [];
  volume = 1;
  closed = false;
  monitors = 0;

  get openMicrophones(): FakeMicrophone[] {
    return this.microphones.filter((m) => !m.stopped);
  }

  async listDevices(): Promise<DeviceList> {
    const device = { id: 'fake:Fake', name: 'Fake', hostApi: 'fake', isDefault: true, maxChannels: 1, defaultSampleRate: 24000 };
    return { inputs: [device], outputs: [device] };
  }

  ports(): ReturnType<AudioServicePort['ports']> {
    return {
      speaker: this.speaker as unknown as ReturnType<AudioServicePort['ports']>['speaker'],
      openMicrophone: async () => {
        const mic = new FakeMicrophone();
        this.microphones.push(mic);
        return mic as unknown as Awaited<ReturnType<ReturnType<AudioServicePort['ports']>['openMicrophone']>>;
      },
    };
  }

  setOutputVolume(volume: number): void {
    this.volume = volume;
  }

  async playTestTone(): Promise<void> {}

  /** Earcons asked for, in order. */
  readonly earcons: string[] = [];
  playEarcon(kind: 'start' | 'stop'): void {
    this.earcons.push(kind);
  }

  async monitorInput(_deviceId: string | null, onLevel: (level: Level) => void): Promise<() => Promise<void>> {
    this.monitors += 1;
    onLevel({ rmsDbfs: -30, peakDbfs: -20 });
    return async () => {
      this.monitors -= 1;
    };
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}
