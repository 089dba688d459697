// Streams assistant audio (24 kHz mono pcm16 deltas) to the chosen output as it arrives, and owns what is
// known of each item's playback: what it received, what was heard, and whether it was cut.
//
//   const speaker = new AudioPlayback({ device: () => settings.outputDeviceId, volume: 0.8 });
//   speaker.play(itemId, pcm);          // each response.audio.delta, decoded; false once the item was cut
//   speaker.endItem(itemId);            // response.audio.done: play out what is buffered
//   await speaker.interrupt();          // barge-in: { itemId, playedMs, receivedMs } for the truncation
//   speaker.stop();                     // silence now, drop what is queued, report nothing
// Events: 'started' (itemId) when an item's first audio goes to the device, 'idle' when everything has
// played or was stopped, 'error' (PlaybackError), 'fallback' when the chosen device is missing or vanished.
//
// The parts: output-device.ts opens the device, pump.ts runs the write loop (its states: playback-state.ts)
// and device-writer.ts does every write, jitter-buffer.ts holds what waits and what each item received, played-sample-counter.ts what each item had heard.
// The measurements behind the numbers: docs/audio-playback.md.
import { EventEmitter } from 'node:events';
import { msOfSamples } from '../../../shared/audio-format';
import type { AudioDevice } from '../../../shared/domain';
import type { DeviceSubstitution } from '../devices';
import { portAudio } from '../portaudio';
import type { PortAudio } from '../portaudio';
import type { PlaybackCut, SpeakerPort } from '../ports';
import { JitterBuffer } from './jitter-buffer';
import { OutputDevice } from './output-device';
import type { PlaybackError } from './output-device';
import { PlayedSampleCounter } from './played-sample-counter';
import type { PlaybackState } from './playback-state';
import type { DeviceTap } from './device-writer';
import { Pump } from './pump';
import type { RouteWatcher } from '../pulse-route-watch';

export { PlaybackError } from './output-device';
export type { PlaybackErrorKind } from './output-device';
export type { DeviceTap } from './device-writer';

export interface PlaybackOptions {
  /** Output device id (null = system default), or a getter read each time a stream opens. */
  device?: string | null | (() => string | null);
  /** 0..1, applied to samples. */
  volume?: number;
  startThresholdMs?: number;
  startTimeoutMs?: number;
  chunkMs?: number;
  /**
   * Audio kept queued in the addon ahead of the device. The device's callback pulls from that queue, so it is
   * what rides out a late event loop; stop() drops it (the patched addon's abort), so depth costs nothing there.
   */
  aheadMs?: number;
  /** Once the addon's queue is full, how much must play from it before it is topped up (one write). */
  refillMs?: number;
  /** Writes the addon may queue before write() blocks (back-pressure, and how a stalled device shows). */
  maxQueue?: number;
  leadInMs?: number;
  /** The lead-in of a stream opened ahead by prepare(): such a stream drops the start of what it is given. */
  preparedLeadInMs?: number;
  tailMs?: number;
  /**
   * The device buffer: PortAudio's suggested latency, and PulseAudio's (PULSE_LATENCY_MSEC) to match; null
   * for the device's default low latency. It is what rides out a stall of the whole machine.
   */
  deviceLatencyMs?: number | null;
  /** PortAudio host buffer in frames (0 = host's choice); the pulse plugin's buffer is ≈3 of these. */
  framesPerBuffer?: number;
  /** Calibration of the played-sample counter: device-timeline ms audible at the first write. */
  startOffsetMs?: number;
  /** Calibration: from stop() to the sound stopping at the speaker (the patched addon aborts at once). */
  stopCarryMs?: number;
  /** A write the device has not accepted within this long means the device is gone. */
  stallMs?: number;
  /** An item that stops receiving audio (and is never ended) is treated as ended after this long. */
  silentItemTimeoutMs?: number;
  portAudio?: PortAudio;
  /** Reports when the sound server moves our stream off a vanished device (see pulse-route-watch.ts). */
  routeWatcher?: RouteWatcher;
  /** Sees what the device plays and where the sound is cut: an echo canceller's reference. */
  deviceTap?: DeviceTap;
}

export interface PlaybackEvents {
  started: [itemId: string];
  idle: [];
  error: [error: PlaybackError];
  fallback: [fallback: DeviceSubstitution];
}

// Tuned on a private PulseAudio; docs/audio-playback.md has the measurements behind each value.
const DEFAULTS = {
  volume: 1,
  startThresholdMs: 60,
  startTimeoutMs: 120,
  chunkMs: 20,
  aheadMs: 400,
  refillMs: 100,
  maxQueue: 32,
  leadInMs: 40,
  preparedLeadInMs: 80,
  tailMs: 150,
  deviceLatencyMs: 150 as number | null,
  framesPerBuffer: 0,
  startOffsetMs: -3,
  stopCarryMs: 12,
  stallMs: 1000,
  silentItemTimeoutMs: 3000,
};

/** Items whose counts (and cut) are kept: late deltas only follow recent items. */
const REMEMBERED_ITEMS = 256;

export class AudioPlayback extends EventEmitter<PlaybackEvents> implements SpeakerPort {
  private readonly jitter = new JitterBuffer();
  private readonly counter: PlayedSampleCounter;
  private readonly output: OutputDevice;
  private readonly pump: Pump;
  /** Items accepted since playback was last idle, the latest last: what a stop cuts. */
  private readonly active = new Set<string>();
  /** Cut items: their late deltas are ignored. */
  private readonly cut = new Set<string>();
  /** Items with counts, oldest first; the oldest are forgotten beyond REMEMBERED_ITEMS. */
  private readonly remembered = new Set<string>();

  constructor(options: PlaybackOptions = {}) {
    super();
    const defined = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
    const o = { ...DEFAULTS, ...defined } as typeof DEFAULTS;
    this.counter = new PlayedSampleCounter({ startOffsetMs: o.startOffsetMs });
    this.output = new OutputDevice(
      {
        device: options.device ?? null,
        portAudio: options.portAudio ?? portAudio(),
        maxQueue: o.maxQueue,
        framesPerBuffer: o.framesPerBuffer,
        latencyMs: o.deviceLatencyMs,
        routeWatcher: options.routeWatcher ?? null,
      },
      (fallback) => this.emit('fallback', fallback),
    );
    const events = {
      started: (itemId: string) => this.emit('started', itemId),
      stalled: (error: PlaybackError) => this.emit('error', error),
      // The device is gone: the rest of what was playing is dropped, not played later or elsewhere.
      failed: (error: PlaybackError) => {
        this.cutActive();
        this.emit('error', error);
      },
      idle: () => {
        this.active.clear();
        this.emit('idle');
      },
    };
    this.pump = new Pump(o, this.jitter, this.counter, this.output, events, options.deviceTap ?? null);
    this.pump.volume = clamp01(o.volume);
  }

  /** True from the first queued audio until everything has played or was stopped. */
  get playing(): boolean {
    return this.pump.state !== 'idle';
  }

  get state(): PlaybackState {
    return this.pump.state;
  }

  /** The device the current (or last) stream opened on; null for the system default. */
  get device(): AudioDevice | null {
    return this.output.device;
  }

  /** Diagnostics: silence inserted because an item's audio came late, and device stalls. */
  get stats(): { readonly bridgedMs: number; readonly stalls: number } {
    return this.pump.stats;
  }

  setVolume(volume: number): void {
    this.pump.volume = clamp01(volume);
  }

  /** Queues 24 kHz mono pcm16 for an item; false when it is not taken (the item was cut, or pcm is empty). */
  play(itemId: string, pcm: Buffer): boolean {
    if (this.cut.has(itemId) || pcm.length === 0) return false;
    this.remember(itemId);
    this.jitter.push(itemId, pcm);
    this.active.delete(itemId); // re-added so the latest item is last
    this.active.add(itemId);
    this.pump.fed();
    return true;
  }

  /** No more audio will come for this item. */
  endItem(itemId: string): void {
    if (this.jitter.end(itemId)) this.pump.kick();
  }

  /**
   * Milliseconds of the item that have left the device or can no longer be held back: what a stop now
   * would leave heard (the addon plays what it has queued before its abort lands, ≈10–20 ms). It never
   * exceeds what was received, and is final once a stop has resolved.
   */
  playedMs(itemId: string): number {
    return this.counter.playedMs(itemId, this.pump.cutTime());
  }

  /**
   * Barge-in: stops like stop(), and resolves once the device has stopped (when the count of what was
   * heard is exact) with the cut of the latest item, or null when nothing was playing. Late deltas of
   * the items playing are ignored from this call on.
   */
  interrupt(): Promise<PlaybackCut | null> {
    const itemId = [...this.active].at(-1);
    if (itemId === undefined) return Promise.resolve(null);
    return this.stop().then(() => {
      const receivedMs = msOfSamples(this.jitter.receivedSamples(itemId));
      return { itemId, playedMs: Math.min(this.playedMs(itemId), receivedMs), receivedMs };
    });
  }

  /**
   * Silences output now: counts freeze at what was audible, queued audio is dropped, the stream is
   * aborted. Items playing or queued are cut (their late deltas are ignored). Resolves once closed.
   */
  stop(): Promise<void> {
    const wasPlaying = this.playing;
    const closed = this.pump.stop();
    this.cutActive();
    if (wasPlaying) this.emit('idle');
    return closed;
  }

  /**
   * A new response may use a cut item's id again (a server streaming id-less audio uses '' for every
   * response): the item is forgotten, so its audio plays and is counted afresh. No-op unless it was cut.
   */
  reopenItem(itemId: string): void {
    if (this.cut.has(itemId)) this.forget(itemId);
  }

  /**
   * Opens the output ahead of the audio (e.g. on response.created), so the first delta does not wait for
   * PortAudio to open the device (≈40–60 ms). Closed again if no audio comes within `prepareTimeoutMs`.
   * Errors are left for the real start to report.
   */
  prepare(prepareTimeoutMs = 5000): void {
    if (!this.pump.busy) this.output.prepare(prepareTimeoutMs);
  }

  async close(): Promise<void> {
    await this.output.close();
    await this.stop();
  }

  private cutActive(): void {
    for (const id of this.active) this.cut.add(id);
    this.active.clear();
  }

  private remember(itemId: string): void {
    if (this.remembered.has(itemId)) return;
    this.remembered.add(itemId);
    for (const old of this.remembered) {
      if (this.remembered.size <= REMEMBERED_ITEMS) break;
      if (!this.active.has(old)) this.forget(old);
    }
  }

  private forget(itemId: string): void {
    this.remembered.delete(itemId);
    this.cut.delete(itemId);
    this.jitter.forget(itemId);
    this.counter.forget(itemId);
  }
}

function clamp01(v: number): number {
  return Number.isFinite(v) ? Math.min(1, Math.max(0, v)) : 1;
}
