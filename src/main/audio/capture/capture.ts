// Microphone capture: the chosen input, converted to the protocol's 24 kHz mono pcm16, cut into exact
// 40 ms frames (960 samples, 1920 bytes; FRAME_SAMPLES in shared/audio-format.ts says why 40).
//
//   const mic = await AudioCapture.start({ deviceId: settings.inputDeviceId });
//   mic.on('frame', (pcm) => session.appendAudio(pcm));
//   mic.on('level', ({ rmsDbfs, peakDbfs }) => meter.show(rmsDbfs));   // every 50 ms
//   mic.on('error', (e) => ...);   // e.kind 'stalled' | 'device'
//   await mic.stop();              // always returns within ~1.5 s, even if the device hangs
// When the chosen device is missing the default is used and start()'s `onFallback` callback is told why.
//
// The device is opened at the first format it accepts from 24 kHz mono (no conversion; what the ALSA
// pulse plugin gives), 48 kHz, its default rate, mono then stereo (downmixed); other rates are resampled
// with libsamplerate. With an echo canceller (the assistant's microphone) 48 kHz is tried first, each read
// is cancelled at the device's rate and resampled once after. A watchdog reports 'stalled' when no audio has
// arrived for `stallMs` (default 1 s), and again after audio resumed and stopped again.
import { EventEmitter } from 'node:events';
import type { AudioDevice, Level } from '../../../shared/domain';
import { errorText } from '../../../shared/error-text';
import { resolveDevice, type DeviceSubstitution } from '../devices';
import { FrameChunker } from './frame-chunker';
import { LevelMeter } from './level-meter';
import { FRAME_BYTES, FRAME_SAMPLES, SAMPLE_RATE, samplesOf } from '../../../shared/audio-format';
import { floatToPcm16, toMonoFloat } from '../pcm16';
import { portAudio } from '../portaudio';
import type { RouteWatcher } from '../pulse-route-watch';
import type { PaStream, PortAudio } from '../portaudio';
import { createResampler } from '../resampler';
import type { Resampler } from '../resampler';
import type { EchoCanceller } from '../echo/echo-canceller';

export interface CaptureOptions {
  /** Input device id; null or absent = the system default. */
  deviceId?: string | null;
  levelIntervalMs?: number;
  stallMs?: number;
  /** Chunks the addon buffers when JS is busy; its callback blocks (audio is lost) beyond this. */
  maxQueue?: number;
  /** PortAudio host buffer in frames (0 = host's choice, ≈10 ms through the pulse plugin). */
  framesPerBuffer?: number;
  /**
   * The device buffer (PortAudio's suggested latency, and PulseAudio's to match); null for the device's
   * default low latency. Default 40 ms: one frame.
   */
  deviceLatencyMs?: number | null;
  portAudio?: PortAudio;
  /** Reports when the sound server moves our capture off a chosen microphone that vanished (input kind). */
  routeWatcher?: RouteWatcher | null;
  /** Cancels the speaker's echo before anything is sent (the device is then opened at 48 kHz when it can). */
  echo?: EchoCanceller | null;
}

/**
 * The default low latency through the ALSA pulse plugin wakes the sound server's client thread and the
 * callback thread every few milliseconds: 76 ms of CPU per second of capture, measured with `talk`. A
 * 20 ms buffer took that to 45; one frame (40 ms) takes the callback thread from ≈ 7 to ≈ 4 ms a second
 * for ≈ 3 ms more before a frame arrives (`bench/audio/latency.ts --only capture`). Asking for 40 ms host
 * periods as well (one callback per frame) saved 2 ms more but delivered frames ≈ 17 ms later.
 */
const DEVICE_LATENCY_MS = 40;

export type CaptureErrorKind = 'stalled' | 'device';

export class CaptureError extends Error {
  constructor(
    readonly kind: CaptureErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'CaptureError';
  }
}

export interface CaptureEvents {
  frame: [pcm: Buffer];
  /** The canceller judged that the speaker's echo is getting through (once per capture). */
  'echo-leak': [];
  level: [level: Level];
  error: [error: CaptureError];
}

interface Format {
  rate: number;
  channels: number;
}

function candidateFormats(device: AudioDevice | null, echo: boolean): Format[] {
  // The canceller's own rate first when it runs: the microphone is then resampled once, after it.
  const rates = echo ? [48000, SAMPLE_RATE, device?.defaultSampleRate ?? 44100, 44100] : [SAMPLE_RATE, 48000, device?.defaultSampleRate ?? 44100, 44100];
  const maxCh = device?.maxChannels ?? 2;
  const out: Format[] = [];
  for (const channels of [1, 2]) {
    if (channels > maxCh) continue;
    for (const rate of rates) if (!out.some((f) => f.rate === rate && f.channels === channels)) out.push({ rate, channels });
  }
  return out;
}

export class AudioCapture extends EventEmitter<CaptureEvents> {
  private stopped = false;
  private stopping: Promise<void> | null = null;
  private lastDataAt = performance.now();
  private stalled = false;
  private readonly chunker = new FrameChunker(FRAME_BYTES);
  private readonly meter: LevelMeter;
  private readonly watchdog: NodeJS.Timeout;
  private loop: Promise<void> = Promise.resolve();
  private unwatch: () => void = () => undefined;
  /** Frames emitted so far. */
  frames = 0;

  /** What is sent has passed the echo canceller. */
  get echoCancelled(): boolean {
    return this.echo !== null;
  }

  private constructor(
    private readonly stream: PaStream,
    private readonly resampler: Resampler,
    readonly device: AudioDevice | null,
    readonly format: Format,
    private readonly opts: Required<Pick<CaptureOptions, 'levelIntervalMs' | 'stallMs'>>,
    /** The echo canceller the microphone passes through, or null. */
    readonly echo: EchoCanceller | null = null,
  ) {
    super();
    this.meter = new LevelMeter(samplesOf(opts.levelIntervalMs));
    this.watchdog = setInterval(() => this.checkStall(), Math.min(250, opts.stallMs / 4));
  }

  /**
   * Opens and starts the input. Rejects (plain-words message) if no input exists or none of the formats
   * opens. A fallback to the default device is announced via `onFallback` before the stream starts.
   */
  static async start(options: CaptureOptions = {}, onFallback?: (f: DeviceSubstitution) => void): Promise<AudioCapture> {
    const pa = options.portAudio ?? portAudio();
    const id = options.deviceId ?? null;
    const resolved = id === null ? null : resolveDevice(id, 'input', pa, { markDefault: false });
    if (resolved?.fallback) onFallback?.(resolved.fallback);
    const device = resolved?.device ?? null;
    let stream: PaStream | null = null;
    let lastError: unknown;
    let format: Format | null = null;
    const latency = options.deviceLatencyMs === null ? undefined : (options.deviceLatencyMs ?? DEVICE_LATENCY_MS);
    for (const f of candidateFormats(device, Boolean(options.echo))) {
      try {
        stream = pa.open('input', {
          deviceIndex: resolved?.index ?? -1,
          sampleRate: f.rate,
          channels: f.channels,
          maxQueue: options.maxQueue ?? 64,
          latencyMs: latency,
          pulseLatencyMs: latency,
          framesPerBuffer: options.framesPerBuffer ?? 0,
        });
        format = f;
        break;
      } catch (error) {
        lastError = error;
      }
    }
    if (!stream || !format) {
      const what = device ? `"${device.name}"` : 'the default microphone';
      throw new Error(`Could not open ${what}: ${errorText(lastError)}`);
    }
    let resampler: Resampler;
    try {
      resampler = await createResampler(format.rate, SAMPLE_RATE);
    } catch (error) {
      await stream.close('ABORT');
      throw error;
    }
    const capture = new AudioCapture(stream, resampler, device, format, {
      levelIntervalMs: options.levelIntervalMs ?? 50,
      stallMs: options.stallMs ?? 1000,
    }, options.echo ?? null);
    options.echo?.captureStarted();
    stream.start();
    capture.loop = capture.readLoop();
    const watcher = options.routeWatcher;
    if (watcher && device && id !== null) {
      // The server moves a capture off a vanished source onto the default by itself: only this says so.
      watcher.streamStarted();
      capture.unwatch = watcher.onLost(() => {
        capture.unwatch();
        onFallback?.({ requestedId: id, reason: `The microphone "${device.name}" was disconnected; listening on the default microphone instead.` });
      });
    }
    return capture;
  }

  /** Stops capture; resolves promptly even if the device does not answer (the native close is abandoned). */
  stop(): Promise<void> {
    if (this.stopping) return this.stopping;
    this.stopped = true;
    clearInterval(this.watchdog);
    this.unwatch();
    this.stopping = (async () => {
      await this.stream.close('ABORT', 1500);
      // The read loop ends once the pending read returns (the close wakes it); don't wait on a hung one.
      await Promise.race([this.loop, new Promise((r) => setTimeout(r, 200))]);
      this.resampler.destroy();
      this.chunker.reset();
    })();
    return this.stopping;
  }

  private async readLoop(): Promise<void> {
    // One frame of device audio per read: each read is a hop through the addon's worker thread.
    const bytes = Math.round((this.format.rate * FRAME_SAMPLES) / SAMPLE_RATE) * this.format.channels * 2;
    while (!this.stopped) {
      let result;
      try {
        result = await this.stream.read(bytes);
      } catch (error) {
        if (!this.stopped) this.emit('error', new CaptureError('device', `The microphone failed: ${String(error)}`));
        return;
      }
      if (this.stopped) return;
      if (result.err) {
        this.emit('error', new CaptureError('device', `The microphone reported a problem: ${result.err}`));
        continue;
      }
      if (result.buf && result.buf.length) this.consume(result.buf);
      if (result.finished) {
        this.emit('error', new CaptureError('device', 'The microphone stream ended unexpectedly.'));
        return;
      }
    }
  }

  private consume(raw: Buffer): void {
    this.lastDataAt = performance.now();
    this.stalled = false;
    let mono: Buffer;
    if (this.echo) {
      const cancelled = this.echo.process(toMonoFloat(raw, this.format.channels), this.format.rate, this.lastDataAt);
      if (cancelled.leaking) this.emit('echo-leak');
      mono = floatToPcm16(this.format.rate === SAMPLE_RATE ? cancelled.out : this.resampler.process(cancelled.out));
    } else if (this.format.channels === 1 && this.format.rate === SAMPLE_RATE) mono = raw;
    else mono = floatToPcm16(this.resampler.process(toMonoFloat(raw, this.format.channels)));
    for (const frame of this.chunker.push(mono)) {
      if (this.stopped) return;
      this.frames++;
      this.emit('frame', frame);
      for (const level of this.meter.push(frame)) this.emit('level', level);
    }
  }

  private checkStall(): void {
    if (this.stopped || this.stalled) return;
    const silentFor = performance.now() - this.lastDataAt;
    if (silentFor > this.opts.stallMs) {
      this.stalled = true;
      this.emit(
        'error',
        new CaptureError('stalled', `The microphone stopped sending audio (nothing for ${(silentFor / 1000).toFixed(1)} s). Check that it is connected, or pick another one.`),
      );
    }
  }
}
