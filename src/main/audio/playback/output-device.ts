// The output the speaker plays on: opens a stream on the chosen device (or a stream prepared ahead of the
// audio), falls back to the system default when the device is missing or refuses to open, and reports
// when the sound server moves a playing stream off a device that vanished.
import type { AudioDevice } from '../../../shared/domain';
import { SAMPLE_RATE } from '../../../shared/audio-format';
import { errorText } from '../../../shared/error-text';
import { resolveDevice } from '../devices';
import type { DeviceSubstitution } from '../devices';
import type { PaStream, PortAudio } from '../portaudio';
import type { RouteWatcher } from '../pulse-route-watch';

export type PlaybackErrorKind = 'open' | 'stalled' | 'no-device';

export class PlaybackError extends Error {
  constructor(
    readonly kind: PlaybackErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'PlaybackError';
  }
}

export interface OpenedOutput {
  stream: PaStream;
  device: AudioDevice | null;
  fallback: DeviceSubstitution | null;
  /** Opened ahead by prepare(), some time before it is started. */
  prepared?: boolean;
}

export interface OutputDeviceOptions {
  /** Output device id (null = system default), or a getter read each time a stream opens. */
  device: string | null | (() => string | null);
  portAudio: PortAudio;
  maxQueue: number;
  framesPerBuffer: number;
  /**
   * The device buffer, null for the device's default. PortAudio sizes the ALSA buffer from it and PulseAudio
   * is asked for the same: a pulse latency shorter than the ALSA buffer loses audio ≈ 150 ms into a stream.
   */
  latencyMs: number | null;
  routeWatcher: RouteWatcher | null;
}

export class OutputDevice {
  private prepared: (OpenedOutput & { timer: NodeJS.Timeout }) | null = null;
  private current: AudioDevice | null = null;
  /** A stream from here is playing: a vanished device is then news for the user. */
  private inUse = false;
  private readonly unwatch: () => void;

  constructor(
    private readonly o: OutputDeviceOptions,
    private readonly onFallback: (fallback: DeviceSubstitution) => void,
  ) {
    this.unwatch = o.routeWatcher?.onLost(() => this.lost()) ?? (() => undefined);
  }

  /** The device the current (or last) stream opened on; null for the system default. */
  get device(): AudioDevice | null {
    return this.current;
  }

  /** A stream on the chosen device, not started (the prepared one if any); throws if not even the default opens. */
  acquire(): OpenedOutput {
    if (this.prepared) {
      const { timer, ...opened } = this.prepared;
      clearTimeout(timer);
      this.prepared = null;
      return { ...opened, prepared: true };
    }
    const requested = (typeof this.o.device === 'function' ? this.o.device() : this.o.device) ?? null;
    // The system default needs no device list (each listing costs a PortAudio init).
    if (requested === null) return { stream: this.openOn(-1), device: null, fallback: null };
    const resolved = resolveDevice(requested, 'output', this.o.portAudio, { markDefault: false });
    try {
      return { stream: this.openOn(resolved.index), device: resolved.device, fallback: resolved.fallback };
    } catch (error) {
      // Listed but refused (e.g. its PulseAudio sink is gone): the default stands in.
      const stream = this.openOn(-1);
      const reason = `The output "${resolved.device.name}" could not be opened (${errorText(error)}); using the default output instead.`;
      return { stream, device: null, fallback: { requestedId: requested, reason } };
    }
  }

  /** Opens a stream ahead of the audio; closed again if nobody takes it within `timeoutMs`. Errors are left for acquire(). */
  prepare(timeoutMs: number): void {
    if (this.prepared) return;
    let opened: OpenedOutput;
    try {
      opened = this.acquire();
    } catch {
      return;
    }
    const timer = setTimeout(() => {
      if (this.prepared?.stream !== opened.stream) return;
      this.prepared = null;
      void opened.stream.close('ABORT');
    }, timeoutMs);
    this.prepared = { ...opened, timer };
  }

  /** The pump plays on `opened` from now on. */
  attach(opened: OpenedOutput): void {
    this.inUse = true;
    this.current = opened.device;
    if (opened.fallback) this.onFallback(opened.fallback);
  }

  /** The attached stream started: the route watcher learns which sink it plays on. */
  started(): void {
    this.o.routeWatcher?.streamStarted();
  }

  /** The attached stream is closing. */
  detach(): void {
    if (!this.inUse) return;
    this.inUse = false;
    this.o.routeWatcher?.streamStopped();
  }

  /** Stops watching routes and closes a prepared stream. */
  async close(): Promise<void> {
    this.unwatch();
    const p = this.prepared;
    this.prepared = null;
    if (p) {
      clearTimeout(p.timer);
      await p.stream.close('ABORT');
    }
  }

  private openOn(index: number): PaStream {
    return this.o.portAudio.open('output', {
      deviceIndex: index,
      sampleRate: SAMPLE_RATE,
      channels: 1,
      maxQueue: this.o.maxQueue,
      framesPerBuffer: this.o.framesPerBuffer,
      pulseLatencyMs: this.o.latencyMs ?? undefined,
      latencyMs: this.o.latencyMs ?? undefined,
    });
  }

  private lost(): void {
    if (!this.inUse || !this.current) return;
    const lost = this.current;
    this.current = null;
    // The sound server already moved the stream to its default sink: playback goes on there.
    this.onFallback({ requestedId: lost.id, reason: `The output "${lost.name}" was disconnected; playing on the default output instead.` });
  }
}
