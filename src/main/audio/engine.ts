// The audio engine as the app core uses it: device lists, the assistant's microphone and speaker on the
// devices chosen in Settings, the Settings test tone and mic meter. Device fallbacks become one event.
import { EventEmitter } from 'node:events';
import { SAMPLE_RATE, samplesOf } from '../../shared/audio-format';
import type { DeviceFallback, DeviceKind, DeviceList, Level } from '../../shared/domain';
import type { AudioPorts, AudioServicePort, MicrophonePort, SpeakerPort } from './ports';
import { AudioCapture } from './capture/capture';
import { listDevices, type DeviceSubstitution } from './devices';
import { AudioPlayback, type DeviceTap, type PlaybackOptions } from './playback/speaker';
import { earconPcm, type EarconKind } from './earcons';
import { pulseRouteWatcher, type RouteWatcher } from './pulse-route-watch';
import { EchoCanceller } from './echo/echo-canceller';
import { FarEnd } from './echo/far-end';
import { errorText } from '../../shared/error-text';

export interface EngineOptions {
  /** Overrides the engine's tuned playback defaults (the benchmarks compare against untuned settings). */
  playback?: Partial<PlaybackOptions>;
  /** Cancel the speaker's echo in the assistant's microphone (default true). */
  echoCancellation?: boolean;
}

type Choice = ReturnType<Parameters<AudioServicePort['ports']>[0]>;

const TONE_HZ = 440;
const TONE_MS = 500;

export class PortAudioService extends EventEmitter<{ fallback: [DeviceFallback] }> implements AudioServicePort {
  private speaker: AudioPlayback | null = null;
  /** Earcons have a player of their own: the assistant's speaker counts, cuts and reports its items. */
  private earcons: AudioPlayback | null = null;
  private earconDevice: string | null = null;
  private earconCount = 0;
  /** One `pactl subscribe` for every capture, started with the first one (undefined: not yet). */
  private inputWatcher: RouteWatcher | null | undefined;

  /** What the assistant's speaker plays, as the echo canceller's reference. */
  private readonly far = new FarEnd();
  /**
   * The speaker's tap: what it plays goes to the far end only once a canceller exists to read it, so
   * push-to-talk and headphone users never pay for the copy (≈ 0.3 ms per second of reply).
   */
  private readonly tap: DeviceTap = {
    write: (pcm, playsAt) => {
      if (this.cancelling) this.far.write(pcm, playsAt);
    },
    cut: (at) => {
      if (this.cancelling) this.far.cut(at);
    },
  };
  private cancelling = false;
  /** One canceller for the assistant's microphone: what it learnt of the room outlives each capture. */
  private canceller: Promise<EchoCanceller | null> | null = null;
  private readonly playback: Partial<PlaybackOptions>;

  constructor(private readonly options: EngineOptions = {}) {
    super();
    this.playback = options.playback ?? {};
  }

  async listDevices(): Promise<DeviceList> {
    // PortAudio re-enumerates on every listing made while no stream is open, so there is no cache to refresh.
    const { inputs, outputs } = listDevices();
    return { inputs, outputs };
  }

  ports(choice: () => Choice): AudioPorts {
    const speaker = this.speakerFor(choice);
    return {
      speaker,
      openMicrophone: async (options = {}): Promise<MicrophonePort> => {
        const echo = options.echoCancellation === false ? null : await this.echoCanceller();
        return AudioCapture.start({ deviceId: choice().inputDeviceId, routeWatcher: this.watchInputs(), echo }, this.fellBack('input'));
      },
    };
  }

  async playTestTone(deviceId: string | null): Promise<void> {
    const player = new AudioPlayback({ device: deviceId });
    player.on('fallback', this.fellBack('output'));
    try {
      const idle = new Promise<void>((resolve, reject) => {
        player.once('idle', resolve);
        player.on('error', reject); // `on`: a late second error must not go unheard (it would throw)
      });
      player.play('test-tone', tone(TONE_HZ, TONE_MS));
      player.endItem('test-tone');
      await idle;
    } finally {
      await player.close();
    }
  }

  async monitorInput(deviceId: string | null, onLevel: (level: Level) => void): Promise<() => Promise<void>> {
    const mic = await AudioCapture.start({ deviceId, routeWatcher: this.watchInputs() }, this.fellBack('input'));
    mic.on('level', onLevel);
    mic.on('error', () => undefined); // the meter simply stops moving; Settings shows the device list
    return async () => {
      mic.removeAllListeners();
      await mic.stop();
    };
  }

  playEarcon(kind: EarconKind, deviceId: string | null): void {
    this.earconDevice = deviceId;
    if (!this.earcons) {
      this.earcons = new AudioPlayback({ ...this.playback, device: () => this.earconDevice });
      // Not heard is all a failure costs: the turn itself goes on, and the speaker reports device trouble.
      this.earcons.on('error', () => undefined);
    }
    const id = `earcon-${++this.earconCount}`;
    this.earcons.play(id, earconPcm(kind));
    this.earcons.endItem(id);
  }

  async close(): Promise<void> {
    (await this.canceller)?.free();
    this.canceller = null;
    this.cancelling = false;
    await this.speaker?.close();
    this.speaker = null;
    await this.earcons?.close();
    this.earcons = null;
    this.inputWatcher?.close();
    this.inputWatcher = undefined;
  }

  setOutputVolume(volume: number): void {
    this.speaker?.setVolume(volume);
  }

  /** Capture and playback each say which device they replaced; the user hears which kind it was and why. */
  private fellBack(kind: DeviceKind): (substitution: DeviceSubstitution) => void {
    return (substitution) => this.emit('fallback', { kind, message: substitution.reason });
  }

  /** Null when turned off or when it cannot run: the assistant then keeps to half-duplex, and says why once. */
  private echoCanceller(): Promise<EchoCanceller | null> {
    if (this.options.echoCancellation === false) return Promise.resolve(null);
    if (!this.canceller) {
      this.cancelling = true;
      this.canceller = EchoCanceller.create(this.far).catch((error: unknown) => {
        this.cancelling = false;
        console.error(`Echo cancellation is unavailable: ${errorText(error)}`);
        return null;
      });
    }
    return this.canceller;
  }

  private watchInputs(): RouteWatcher | null {
    if (this.inputWatcher === undefined) this.inputWatcher = pulseRouteWatcher(process.env, process.pid, 'input');
    return this.inputWatcher;
  }

  private speakerFor(choice: () => Choice): SpeakerPort {
    if (!this.speaker) {
      const speaker = new AudioPlayback({
        ...this.playback,
        device: () => choice().outputDeviceId,
        volume: choice().outputVolume,
        routeWatcher: pulseRouteWatcher() ?? undefined,
        deviceTap: this.tap,
      });
      speaker.on('fallback', this.fellBack('output'));
      this.speaker = speaker;
    }
    return this.speaker;
  }
}

export function createAudioService(options: EngineOptions = {}): AudioServicePort {
  return new PortAudioService(options);
}

/** A soft sine tone (short fades, no clicks) as 24 kHz mono pcm16. */
function tone(hz: number, ms: number): Buffer {
  const samples = samplesOf(ms);
  const fade = samplesOf(20);
  const out = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i++) {
    const envelope = Math.min(1, i / fade, (samples - i) / fade);
    out.writeInt16LE(Math.round(0.3 * envelope * 32767 * Math.sin((2 * Math.PI * hz * i) / SAMPLE_RATE)), i * 2);
  }
  return out;
}
