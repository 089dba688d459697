// Streams assistant audio (24 kHz mono pcm16 deltas) to the chosen output as it arrives.
//
//   const speaker = new AudioPlayback({ device: () => settings.outputDeviceId, volume: 0.8 });
//   speaker.play(itemId, pcm);      // each response.audio.delta, decoded
//   speaker.endItem(itemId);        // response.audio.done: play out what is buffered
//   speaker.playedMs(itemId);       // what the user has heard of it (for conversation.item.truncate)
//   speaker.stop();                 // barge-in: silence now, drop what is queued
// Events: 'started' (itemId) when an item's first audio goes to the device, 'idle' when everything has
// played or was stopped, 'error' (PlaybackError), 'fallback' when the chosen device is missing or vanished.
//
// Playback starts once `startThresholdMs` is buffered (or the item ended, or `startTimeoutMs` passed) and
// opens a fresh PortAudio stream per burst of audio: a lead-in of silence is queued before start() so the
// device never starts empty (an empty start lost the first 10–20 ms), chunks of `chunkMs` follow with
// back-pressure, gaps in the network stream are bridged with just enough silence to keep the device from
// underrunning, and when every item has ended a tail of silence lets the last samples out before the
// stream closes. `prepare()` opens the stream ahead of the first delta (saves the ≈40–60 ms open).
//
// Device buffer: PULSE_LATENCY_MSEC=40 while the stream opens (see portaudio.ts) gives PulseAudio 40 ms
// instead of the ALSA pulse plugin's ≈8–11 ms, which rides out short scheduling stalls; stop() aborts the
// stream, which discards that buffer, so it does not delay silence. Measured and rejected: 1024-frame host
// buffers (≈128 ms, best under CPU contention, but playback broke while a capture stream was open) and
// PULSE_LATENCY_MSEC ≥ 60 (stream starts lost audio).
//
// playedMs: see played-sample-counter.ts; the start offset and the stop timing below were calibrated
// against what reached spk.monitor on the private PulseAudio, with and without a capture stream open.
import { EventEmitter } from 'node:events';
import type { AudioDevice } from '../../../shared/domain';
import { NoAudioDeviceError, resolveDevice } from '../devices';
import type { ResolvedDevice } from '../devices';
import { JitterBuffer } from './jitter-buffer';
import type { Piece } from './jitter-buffer';
import { scalePcm16, SAMPLE_RATE } from '../pcm16';
import { PlayedSampleCounter } from './played-sample-counter';
import { portAudio } from '../portaudio';
import type { PaStream, PortAudio } from '../portaudio';
import type { RouteWatcher } from './pulse-route-watch';

export interface PlaybackOptions {
  /** Output device id (null = system default), or a getter read each time a stream opens. */
  device?: string | null | (() => string | null);
  /** 0..1, applied to samples. */
  volume?: number;
  startThresholdMs?: number;
  startTimeoutMs?: number;
  chunkMs?: number;
  /** Chunks the addon may queue; what is queued still plays after stop(), so keep it small. */
  maxQueue?: number;
  leadInMs?: number;
  tailMs?: number;
  /** PULSE_LATENCY_MSEC while opening; null (default) lets the buffer follow framesPerBuffer. */
  pulseLatencyMs?: number | null;
  /** PortAudio host buffer in frames (0 = host's choice); the pulse plugin's buffer is ≈3 of these. */
  framesPerBuffer?: number;
  /** Calibration of the played-sample counter: device-timeline ms audible at the first write. */
  startOffsetMs?: number;
  /** Calibration: audio that leaves the device after the predicted abort of stop(). */
  stopCarryMs?: number;
  /** A write the device has not accepted within this long means the device is gone. */
  stallMs?: number;
  /** An item that stops receiving audio (and is never ended) is treated as ended after this long. */
  silentItemTimeoutMs?: number;
  portAudio?: PortAudio;
  /** Reports when the sound server moves our stream off a vanished device (see pulse-route-watch.ts). */
  routeWatcher?: RouteWatcher;
}

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

export interface OutputFallback {
  /** The device that was asked for. */
  requestedId: string;
  /** Plain words for the user; the system default output is in use. */
  reason: string;
}

export interface PlaybackEvents {
  started: [itemId: string];
  idle: [];
  error: [error: PlaybackError];
  fallback: [fallback: OutputFallback];
}

const DEFAULTS = {
  volume: 1,
  startThresholdMs: 60,
  startTimeoutMs: 120,
  chunkMs: 10,
  maxQueue: 2,
  leadInMs: 40,
  tailMs: 150,
  pulseLatencyMs: 40 as number | null,
  framesPerBuffer: 0,
  startOffsetMs: 12,
  stopCarryMs: -4,
  stallMs: 1000,
  silentItemTimeoutMs: 3000,
};

interface Opened {
  stream: PaStream;
  device: AudioDevice | null;
  fallback: { requestedId: string; reason: string } | null;
  timer?: NodeJS.Timeout;
}

/** PaContext::quit() sleeps this long between the queue draining and Pa_AbortStream. */
const ADDON_QUIT_SLEEP_MS = 20;
/**
 * From the abort cutting the sound (at spk.monitor) to quit('ABORT') resolving: Pa_AbortStream,
 * Pa_CloseStream, Pa_Terminate and the hop back to JS. Measured 38–42 ms with and without a capture open.
 */
const QUIT_TAIL_MS = 40;

const samplesOf = (ms: number): number => Math.round((ms * SAMPLE_RATE) / 1000);
const msOf = (samples: number): number => (samples * 1000) / SAMPLE_RATE;

export class AudioPlayback extends EventEmitter<PlaybackEvents> {
  private readonly o: typeof DEFAULTS & { device: PlaybackOptions['device'] };
  private readonly routeWatcher: RouteWatcher | null;
  private readonly unwatch: () => void;
  private readonly pa: PortAudio;
  private readonly jitter = new JitterBuffer();
  readonly counter: PlayedSampleCounter;
  private volume: number;
  /** Items with audio still to come (not ended, not stopped). */
  private readonly open = new Set<string>();
  /** Items seen since playback last went idle: what stop() cuts. */
  private readonly active = new Set<string>();
  /** Diagnostics: silence inserted because an item's audio came late, and device stalls. */
  readonly stats = { bridgedMs: 0, stalls: 0 };
  /** Items cut by stop() (the most recent ones): later deltas for them are ignored. */
  private readonly cut = new Set<string>();
  private readonly startedItems = new Set<string>();
  private stream: PaStream | null = null;
  private pump: Promise<void> | null = null;
  private closing: Promise<unknown> = Promise.resolve();
  private generation = 0;
  private startTimer: NodeJS.Timeout | null = null;
  private wake: (() => void) | null = null;
  private lastDataAt = 0;
  private isPlaying = false;
  private currentDevice: AudioDevice | null = null;
  private prepared: Opened | null = null;
  private burstStart = 0;
  private lastRelease = 0;

  constructor(options: PlaybackOptions = {}) {
    super();
    const defined = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
    this.o = { ...DEFAULTS, ...defined, device: options.device ?? null } as typeof this.o;
    this.pa = options.portAudio ?? portAudio();
    this.volume = clamp01(this.o.volume);
    this.counter = new PlayedSampleCounter({ startOffsetMs: this.o.startOffsetMs });
    this.routeWatcher = options.routeWatcher ?? null;
    this.unwatch = this.routeWatcher?.onLost(() => this.deviceLost()) ?? (() => undefined);
  }

  private deviceLost(): void {
    if (!this.stream || !this.currentDevice) return;
    const lost = this.currentDevice;
    this.currentDevice = null;
    // The sound server already moved the stream to its default sink: playback goes on there.
    this.emit('fallback', {
      requestedId: lost.id,
      reason: `The output "${lost.name}" was disconnected; playing on the default output instead.`,
    });
  }

  /** True from the first queued audio until everything has played or was stopped. */
  get playing(): boolean {
    return this.isPlaying;
  }

  /** The device the current (or last) stream opened on; null for the system default. */
  get device(): AudioDevice | null {
    return this.currentDevice;
  }

  setVolume(volume: number): void {
    this.volume = clamp01(volume);
  }

  /** Queues 24 kHz mono pcm16 for an item. */
  play(itemId: string, pcm: Buffer): void {
    if (this.cut.has(itemId) || pcm.length === 0) return;
    this.jitter.push(itemId, pcm);
    this.open.add(itemId);
    this.active.add(itemId);
    this.lastDataAt = performance.now();
    this.isPlaying = true;
    this.kick();
  }

  /** No more audio will come for this item. */
  endItem(itemId: string): void {
    if (!this.open.delete(itemId)) return;
    this.kick();
  }

  /**
   * Milliseconds of the item that have left the device or can no longer be held back: what stop() now
   * would leave heard (the addon plays what it has queued before its abort lands, ≈10–20 ms). Read before
   * or after stop(), it is the figure for conversation.item.truncate; it never exceeds what was received.
   */
  playedMs(itemId: string): number {
    const now = performance.now();
    return this.counter.playedMs(itemId, this.stream ? this.predictedCut(now) : now);
  }

  /**
   * Silences output now: counts freeze at what was audible, queued audio is dropped, the stream is
   * aborted. Items playing or queued are cut (their late deltas are ignored). Resolves once closed.
   */
  stop(): Promise<void> {
    this.generation++;
    // What the addon has queued still plays until its quit reaches the abort: freeze at the predicted cut
    // now, and at the measured one once the close returns (the abort lands a fixed time before that).
    const now = performance.now();
    const predicted = this.stream ? this.predictedCut(now) : now;
    this.counter.stop(predicted);
    for (const id of this.active) this.cut.add(id);
    // Late deltas only follow recent items; don't let a long session grow the set without bound.
    for (const id of this.cut) {
      if (this.cut.size <= 256) break;
      this.cut.delete(id);
    }
    this.active.clear();
    this.open.clear();
    this.jitter.clear();
    this.startedItems.clear();
    this.clearStartTimer();
    const stream = this.stream;
    this.stream = null;
    if (stream) {
      this.closing = stream.close('ABORT', 1500).then((result) => {
        if (result === 'closed') this.counter.refineStop(performance.now() - QUIT_TAIL_MS, now, predicted + 20);
        return result;
      });
      this.routeWatcher?.streamStopped();
    }
    this.pump = null;
    this.wake?.();
    const wasPlaying = this.isPlaying;
    this.isPlaying = false;
    if (wasPlaying) this.emit('idle');
    return this.closing.then(() => undefined);
  }

  /** Drops an item's counts (e.g. when the conversation is cleared); it must not be playing. */
  forgetItem(itemId: string): void {
    this.counter.forget(itemId);
    this.cut.delete(itemId);
  }

  /** Same as stop(). */
  flush(): Promise<void> {
    return this.stop();
  }

  /**
   * Opens the output ahead of the audio (e.g. on response.created), so the first delta does not wait for
   * PortAudio to open the device (≈40–60 ms). Closed again if no audio comes within `prepareTimeoutMs`.
   * Errors are left for the real start to report.
   */
  prepare(prepareTimeoutMs = 5000): void {
    if (this.pump || this.stream || this.prepared) return;
    let p: Opened;
    try {
      p = this.acquire();
    } catch {
      return;
    }
    p.timer = setTimeout(() => {
      if (this.prepared !== p) return;
      this.prepared = null;
      void p.stream.close('ABORT');
    }, prepareTimeoutMs);
    this.prepared = p;
  }

  async close(): Promise<void> {
    this.unwatch();
    const p = this.prepared;
    this.prepared = null;
    if (p) {
      clearTimeout(p.timer);
      await p.stream.close('ABORT');
    }
    await this.stop();
  }

  private kick(): void {
    this.wake?.();
    if (this.pump) return;
    const buffered = msOf(this.jitter.bufferedSamples);
    if (buffered >= this.o.startThresholdMs || (buffered > 0 && this.allEnded())) {
      this.startPump();
    } else if (buffered > 0 && !this.startTimer) {
      this.startTimer = setTimeout(() => {
        this.startTimer = null;
        if (!this.pump && this.jitter.bufferedSamples > 0) this.startPump();
      }, this.o.startTimeoutMs);
    }
  }

  private allEnded(): boolean {
    return this.open.size === 0;
  }

  private clearStartTimer(): void {
    if (this.startTimer) clearTimeout(this.startTimer);
    this.startTimer = null;
  }

  private startPump(): void {
    this.clearStartTimer();
    const gen = this.generation;
    this.pump = this.run(gen)
      .catch((error: unknown) => {
        if (gen === this.generation) this.fail(new PlaybackError('open', describe(error)));
      })
      .finally(() => {
        if (gen === this.generation) {
          this.pump = null;
          // Audio that arrived while the last stream was closing starts a new one.
          if (this.jitter.bufferedSamples > 0) this.kick();
        }
      });
  }

  private fail(error: PlaybackError): void {
    this.generation++;
    this.counter.stop();
    this.jitter.clear();
    this.open.clear();
    this.active.clear();
    const stream = this.stream;
    this.stream = null;
    if (stream) this.closing = stream.close('ABORT', 1500);
    this.emit('error', error);
    if (this.isPlaying) {
      this.isPlaying = false;
      this.emit('idle');
    }
  }

  private current(gen: number): boolean {
    return gen === this.generation;
  }

  private async run(gen: number): Promise<void> {
    await this.closing;
    if (!this.current(gen)) return;
    let stream = await this.openStream(gen);
    if (!stream) return;
    const chunk = samplesOf(this.o.chunkMs);
    for (;;) {
      if (!this.current(gen)) return;
      const buffered = this.jitter.bufferedSamples;
      if (buffered >= chunk || (buffered > 0 && this.allEnded())) {
        const ok = await this.writePieces(stream, this.jitter.take(chunk), gen);
        if (!ok) {
          stream = await this.recover(gen);
          if (!stream) return;
        }
        continue;
      }
      if (buffered === 0 && this.allEnded()) {
        const done = await this.drain(stream, gen);
        if (done || !this.current(gen)) return;
        continue;
      }
      // An item is still open but its audio is late: wait for it while the device has audio, then
      // bridge with a little silence rather than let the device underrun.
      if (performance.now() - this.lastDataAt > this.o.silentItemTimeoutMs) {
        this.open.clear();
        continue;
      }
      const slack = msOf(this.counter.pendingSamples()) - this.o.chunkMs;
      if (slack > 0 && (await this.waitForData(slack))) continue;
      if (!this.current(gen)) return;
      this.stats.bridgedMs += this.o.chunkMs / 2;
      const ok = await this.writeSilence(stream, Math.round(chunk / 2), gen);
      if (!ok) {
        stream = await this.recover(gen);
        if (!stream) return;
      }
    }
  }

  /** Opens a stream on the chosen device (not started); throws if not even the default opens. */
  private acquire(): Opened {
    if (this.prepared) {
      const p = this.prepared;
      clearTimeout(p.timer);
      this.prepared = null;
      return p;
    }
    const requested = (typeof this.o.device === 'function' ? this.o.device() : this.o.device) ?? null;
    const openOn = (index: number): PaStream =>
      this.pa.open('output', {
        deviceIndex: index,
        sampleRate: SAMPLE_RATE,
        channels: 1,
        maxQueue: this.o.maxQueue,
        framesPerBuffer: this.o.framesPerBuffer,
        pulseLatencyMs: this.o.pulseLatencyMs ?? undefined,
      });
    let stream: PaStream;
    let device: AudioDevice | null = null;
    let fallback: { requestedId: string; reason: string } | null = null;
    if (requested === null) {
      // The system default needs no device list (each listing costs a PortAudio init).
      stream = openOn(-1);
    } else {
      const resolved: ResolvedDevice = resolveDevice(requested, 'output', this.pa, { markDefault: false });
      try {
        stream = openOn(resolved.index);
        device = resolved.device;
        fallback = resolved.fallback;
      } catch (error) {
        // Listed but refused (e.g. its PulseAudio sink is gone): the default stands in.
        stream = openOn(-1);
        fallback = {
          requestedId: requested,
          reason: `The output "${resolved.device.name}" could not be opened (${describe(error)}); using the default output instead.`,
        };
      }
    }
    return { stream, device, fallback };
  }

  private async openStream(gen: number): Promise<PaStream | null> {
    let opened: Opened;
    try {
      opened = this.acquire();
    } catch (error) {
      if (!(error instanceof NoAudioDeviceError)) throw error;
      this.fail(new PlaybackError('no-device', error.message));
      return null;
    }
    const { stream, device, fallback } = opened;
    if (!this.current(gen)) {
      void stream.close('ABORT');
      return null;
    }
    this.stream = stream;
    this.currentDevice = device;
    this.burstStart = 0;
    this.lastRelease = 0;
    if (fallback) this.emit('fallback', fallback);
    this.counter.beginStream();
    // Lead-in and the first chunk are queued before start(), so the device's first callback has audio.
    const leadIn = samplesOf(this.o.leadInMs);
    if (leadIn > 0) {
      this.counter.wrote(leadIn);
      await stream.write(Buffer.alloc(leadIn * 2));
      if (!this.current(gen)) return null;
    }
    const first = this.writePieces(stream, this.jitter.take(samplesOf(this.o.chunkMs)), gen);
    // With room for two chunks the first one is accepted before start(); with one, start() must come first.
    if (this.o.maxQueue >= 2 && !(await first)) return this.recover(gen);
    stream.start();
    if (!(await first)) return this.recover(gen);
    if (!this.current(gen)) return null;
    this.routeWatcher?.streamStarted();
    return stream;
  }

  /** Writes item pieces as one chunk; false if the device stalled. */
  private async writePieces(stream: PaStream, pieces: Piece[], gen: number): Promise<boolean> {
    if (pieces.length === 0) return true;
    const pcm = scalePcm16(pieces.length === 1 ? pieces[0]!.pcm : Buffer.concat(pieces.map((p) => p.pcm)), this.volume);
    this.counter.wrote(pieces.map((p) => ({ itemId: p.itemId, itemOffset: p.itemOffset, samples: p.pcm.length >> 1 })));
    for (const p of pieces) {
      if (!this.startedItems.has(p.itemId)) {
        this.startedItems.add(p.itemId);
        this.emit('started', p.itemId);
      }
    }
    return this.writeChecked(stream, pcm, gen);
  }

  private writeSilence(stream: PaStream, samples: number, gen: number): Promise<boolean> {
    this.counter.wrote(samples);
    return this.writeChecked(stream, Buffer.alloc(samples * 2), gen);
  }

  private async writeChecked(stream: PaStream, pcm: Buffer, gen: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const stalled = new Promise<'stalled'>((resolve) => {
      timer = setTimeout(() => resolve('stalled'), this.o.stallMs);
    });
    const calledAt = performance.now();
    const result = await Promise.race([stream.write(pcm), stalled]).finally(() => clearTimeout(timer));
    this.noteRelease(calledAt);
    return result !== 'stalled' || !this.current(gen);
  }

  // A write that had to wait was released by the device callback taking a chunk. The callback wakes once
  // per host buffer and then takes several chunks in a burst, so the first release of a burst marks its
  // wake-up; the wake-ups recur every host-buffer period.
  private noteRelease(calledAt: number): void {
    const now = performance.now();
    if (now - calledAt < 2) return;
    if (now - this.lastRelease > this.periodMs / 2) this.burstStart = now;
    this.lastRelease = now;
  }

  /**
   * When stop()'s abort will cut the sound: the addon's quit waits for the callback's next wake-up to take
   * what is queued (at once if it is taking chunks right now), sleeps 20 ms, then aborts the stream.
   */
  private predictedCut(now: number): number {
    const period = this.periodMs;
    let wake = now;
    if (this.burstStart > 0 && now - this.lastRelease > 2) {
      wake = this.burstStart + Math.ceil((now - this.burstStart) / period) * period;
    }
    return wake + ADDON_QUIT_SLEEP_MS + this.o.stopCarryMs;
  }

  private get periodMs(): number {
    return this.o.framesPerBuffer > 0 ? (this.o.framesPerBuffer * 1000) / SAMPLE_RATE : 10;
  }

  /** Plays out the tail; true when the stream was closed and playback is idle. */
  private async drain(stream: PaStream, gen: number): Promise<boolean> {
    const tail = samplesOf(this.o.tailMs);
    if (!(await this.writeSilence(stream, tail, gen))) {
      // The device died during the tail: nothing audible is lost, just close.
      return this.finish(stream, gen);
    }
    const end = this.counter.lastItemEnd();
    for (;;) {
      if (!this.current(gen)) return true;
      const left = msOf(end - this.counter.audiblePosition());
      if (left <= 0) break;
      await this.waitForData(left);
      if (this.jitter.bufferedSamples > 0) return false; // new audio: keep the stream
    }
    return this.finish(stream, gen);
  }

  private async finish(stream: PaStream, gen: number): Promise<boolean> {
    if (!this.current(gen)) return true;
    this.counter.stop();
    this.stream = null;
    this.closing = stream.close('ABORT', 1500);
    this.routeWatcher?.streamStopped();
    this.active.clear();
    this.startedItems.clear();
    this.isPlaying = false;
    this.emit('idle');
    return true;
  }

  /** The device stopped taking audio: reopen (the chosen device if it works, else the default). */
  private async recover(gen: number): Promise<PaStream | null> {
    if (!this.current(gen)) return null;
    const dead = this.stream;
    this.stream = null;
    this.counter.stop();
    const failedDevice = this.currentDevice;
    this.stats.stalls++;
    this.emit('error', new PlaybackError('stalled', `The output "${failedDevice?.name ?? 'device'}" stopped playing; reopening it.`));
    if (dead) await dead.close('ABORT', 1000);
    if (!this.current(gen)) return null;
    return this.openStream(gen);
  }

  /** Resolves true if audio arrives (or stop() is called) within `ms`, false on timeout. */
  private waitForData(ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.wake = null;
        resolve(false);
      }, Math.max(1, ms));
      this.wake = () => {
        clearTimeout(timer);
        this.wake = null;
        resolve(true);
      };
    });
  }
}

function clamp01(v: number): number {
  return Number.isFinite(v) ? Math.min(1, Math.max(0, v)) : 1;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
