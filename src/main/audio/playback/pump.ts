// The write loop, from the first buffered audio to the closed stream: it starts once enough is buffered,
// opens the device with a lead-in of silence, keeps the addon's queue `aheadMs` ahead of the device (whose
// callback pulls from it, so a late event loop does not starve it), bridges late audio with a
// little silence, reopens a device that stopped taking audio, and plays out a tail before closing. It owns
// the playback state (playback-state.ts) and the stream; what it writes goes through device-writer.ts.
// Why the numbers are what they are: docs/audio-playback.md.
import { msOfSamples, samplesOf } from '../../../shared/audio-format';
import { errorText } from '../../../shared/error-text';
import { NoAudioDeviceError } from '../devices';
import type { PaStream } from '../portaudio';
import { DeviceWriter } from './device-writer';
import type { DeviceTap } from './device-writer';
import type { JitterBuffer } from './jitter-buffer';
import { PlaybackError } from './output-device';
import type { OpenedOutput, OutputDevice } from './output-device';
import type { PlayedSampleCounter } from './played-sample-counter';
import { playbackStates } from './playback-state';
import type { PlaybackState } from './playback-state';

/** The speaker's tuning the loop uses (PlaybackOptions in speaker.ts says what each one is). */
export type PumpOptions = Record<
  'startThresholdMs' | 'startTimeoutMs' | 'chunkMs' | 'aheadMs' | 'refillMs' | 'maxQueue' | 'leadInMs' | 'preparedLeadInMs' | 'tailMs' | 'stallMs' | 'silentItemTimeoutMs' | 'framesPerBuffer' | 'stopCarryMs',
  number
>;

export interface PumpEvents {
  /** An item's first audio is going to the device. */
  started(itemId: string): void;
  /** The device stopped taking audio; the pump reopens it. */
  stalled(error: PlaybackError): void;
  /** No device could be opened: what was waiting is dropped, and idle() follows. */
  failed(error: PlaybackError): void;
  /** The pump went idle by itself: everything played out, or it failed. */
  idle(): void;
}

const CLOSE_TIMEOUT_MS = 1500;
// Rounded up: a timer fires on whole milliseconds, so one that woke a fraction early found the room not yet
// there and slept 1 ms more (sleeps under 2 ms in a 30 s reply: 240 → 19; main-loop wake-ups ≈ 70 → 50 a second).
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, Math.max(1, Math.ceil(ms))));
const STALLED_CLOSE_TIMEOUT_MS = 1000;
/** How far past the last item sample the device timeline must be before a drained stream is closed. */
const DRAIN_MARGIN_MS = 60;

export class Pump {
  /** Diagnostics: silence inserted because an item's audio came late, and device stalls. */
  readonly stats = { bridgedMs: 0, stalls: 0 };
  private current: PlaybackState = 'idle';
  private readonly writer: DeviceWriter;
  private stream: PaStream | null = null;
  private running: Promise<void> | null = null;
  private closing: Promise<unknown> = Promise.resolve();
  /** Bumped by stop() and by a failure: a run of an older generation only unwinds. */
  private generation = 0;
  private startTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly o: PumpOptions,
    private readonly jitter: JitterBuffer,
    private readonly counter: PlayedSampleCounter,
    private readonly output: OutputDevice,
    private readonly events: PumpEvents,
    tap: DeviceTap | null = null,
  ) {
    this.writer = new DeviceWriter(counter, o.stallMs, (itemId) => events.started(itemId), tap);
  }

  set volume(volume: number) {
    this.writer.volume = volume;
  }

  get state(): PlaybackState {
    return this.current;
  }

  /** A stream is open or being opened (a prepared one would not be used now). */
  get busy(): boolean {
    return this.running !== null || this.stream !== null;
  }

  /** Audio was queued in the jitter buffer. */
  fed(): void {
    if (this.current === 'idle') this.enter('buffering');
    this.kick();
  }

  /** Audio was queued or an item ended: start once enough is buffered (a running loop has been woken). */
  kick(): void {
    if (this.running) return;
    const buffered = msOfSamples(this.jitter.bufferedSamples);
    if (buffered >= this.o.startThresholdMs || (buffered > 0 && this.jitter.allEnded)) {
      this.start();
    } else if (buffered > 0 && !this.startTimer) {
      this.startTimer = setTimeout(() => {
        this.startTimer = null;
        if (!this.running && this.jitter.bufferedSamples > 0) this.start();
      }, this.o.startTimeoutMs);
    }
  }

  /**
   * When an abort asked for at `now` would cut the sound (`now` itself while no stream plays). The patched
   * addon drops its queue and aborts at once, so the cut follows by a short, steady lag: `stopCarryMs`.
   */
  cutTime(now = performance.now()): number {
    return this.stream ? now + this.o.stopCarryMs : now;
  }

  /** Silences output now: counts freeze at the cut, whatever waits is dropped, the stream is aborted. Resolves once it is closed. */
  stop(): Promise<void> {
    this.abort(this.cutTime());
    return this.closing.then(() => undefined);
  }

  private fail(error: PlaybackError): void {
    const was = this.abort(performance.now());
    this.events.failed(error);
    if (was !== 'idle') this.events.idle();
  }

  /** Ends the current generation: counts freeze at `cutAt`, what waits is dropped, the stream is aborted. Returns the state it left. */
  private abort(cutAt: number): PlaybackState {
    this.generation++;
    this.writer.stop(cutAt);
    this.jitter.clear();
    this.writer.reset();
    this.clearStartTimer();
    if (this.stream) this.closing = this.stream.close('ABORT', CLOSE_TIMEOUT_MS);
    this.stream = null;
    this.output.detach();
    // The old run only unwinds and clears nothing (its generation is gone): the next audio starts a new one.
    this.running = null;
    const was = this.current;
    if (was !== 'idle') this.enter('idle');
    return was;
  }

  private start(): void {
    this.clearStartTimer();
    this.enter('playing');
    const gen = this.generation;
    this.running = this.run(gen)
      .catch((error: unknown) => {
        if (this.live(gen)) this.fail(new PlaybackError('open', errorText(error)));
      })
      .finally(() => {
        if (!this.live(gen)) return;
        this.running = null;
        // Audio that arrived while the last stream was closing starts a new one.
        if (this.jitter.bufferedSamples > 0) this.kick();
      });
  }

  private clearStartTimer(): void {
    if (this.startTimer) clearTimeout(this.startTimer);
    this.startTimer = null;
  }

  private enter(next: PlaybackState): void {
    this.current = playbackStates.transition(this.current, next);
  }

  private live(gen: number): boolean {
    return gen === this.generation;
  }

  private async run(gen: number): Promise<void> {
    await this.closing;
    if (!this.live(gen)) return;
    let stream = await this.open(gen);
    if (!stream) return;
    const chunk = samplesOf(this.o.chunkMs);
    const ahead = samplesOf(this.o.aheadMs);
    const refill = Math.min(ahead, Math.max(chunk, samplesOf(this.o.refillMs)));
    for (;;) {
      if (!this.live(gen)) return;
      const buffered = this.jitter.bufferedSamples;
      if (buffered >= chunk || (buffered > 0 && this.jitter.allEnded)) {
        // Keep up to `aheadMs` queued in the addon in as few writes (thread-pool hops) as possible: a backlog
        // at once, then a full queue topped up once `refillMs` has played from it (docs/audio-playback.md).
        const room = ahead - this.counter.pendingSamples();
        const least = Math.min(refill, buffered);
        if (room < least) {
          await sleep(msOfSamples(least - room));
          continue;
        }
        if (!(await this.writer.items(stream, this.jitter.take(Math.min(buffered, room))))) {
          stream = await this.recover(gen);
          if (!stream) return;
        }
        continue;
      }
      if (buffered === 0 && this.jitter.allEnded) {
        const done = await this.drain(stream, gen);
        if (done || !this.live(gen)) return;
        continue;
      }
      // An item is still open but its audio is late: wait for it while the device has audio, then
      // bridge with a little silence rather than let the device underrun.
      if (performance.now() - this.jitter.lastPushAt > this.o.silentItemTimeoutMs) {
        this.jitter.endAll();
        continue;
      }
      const slack = msOfSamples(this.counter.pendingSamples()) - this.o.chunkMs;
      if (slack > 0 && (await this.jitter.waitForChange(slack))) continue;
      if (!this.live(gen)) return;
      this.stats.bridgedMs += this.o.chunkMs / 2;
      if (!(await this.writer.silence(stream, Math.round(chunk / 2)))) {
        stream = await this.recover(gen);
        if (!stream) return;
      }
    }
  }

  /** Opens and starts a stream with the lead-in and the first chunk queued; null if stopped or failed. */
  private async open(gen: number): Promise<PaStream | null> {
    let opened: OpenedOutput;
    try {
      opened = this.output.acquire();
    } catch (error) {
      if (!(error instanceof NoAudioDeviceError)) throw error;
      this.fail(new PlaybackError('no-device', error.message));
      return null;
    }
    const { stream } = opened;
    if (!this.live(gen)) {
      void stream.close('ABORT');
      return null;
    }
    this.stream = stream;
    this.output.attach(opened);
    this.writer.begin();
    // Lead-in and the first chunk are queued before start(), so the device's first callback has audio; a
    // stream opened ahead drops the start of what it is first given, so it gets a longer lead-in (docs/).
    const leadIn = samplesOf(opened.prepared ? this.o.preparedLeadInMs : this.o.leadInMs);
    if (leadIn > 0) {
      await this.writer.leadIn(stream, leadIn);
      if (!this.live(gen)) return null;
    }
    const first = this.writer.items(stream, this.jitter.take(samplesOf(this.o.chunkMs)));
    // With room for two chunks the first one is accepted before start(); with one, start() must come first.
    if (this.o.maxQueue >= 2 && !(await first)) return this.recover(gen);
    stream.start();
    this.counter.deviceStarted();
    if (!(await first)) return this.recover(gen);
    if (!this.live(gen)) return null;
    this.output.started();
    return stream;
  }

  /** Plays out the tail; true when the stream was closed (or the run is stale), false if new audio came. */
  private async drain(stream: PaStream, gen: number): Promise<boolean> {
    this.enter('draining');
    if (!(await this.writer.silence(stream, samplesOf(this.o.tailMs)))) {
      // The device died during the tail: nothing audible is lost, just close.
      return this.finish(stream, gen);
    }
    // The abort at the end drops whatever is still queued, so wait a margin past the last item sample.
    const end = this.counter.lastItemEnd() + samplesOf(Math.min(DRAIN_MARGIN_MS, this.o.tailMs));
    for (;;) {
      if (!this.live(gen)) return true;
      const left = msOfSamples(end - this.counter.audiblePosition());
      if (left <= 0) break;
      await this.jitter.waitForChange(left);
      if (!this.live(gen)) return true;
      if (this.jitter.bufferedSamples > 0) {
        this.enter('playing'); // new audio: keep the stream
        return false;
      }
    }
    return this.finish(stream, gen);
  }

  private async finish(stream: PaStream, gen: number): Promise<boolean> {
    if (!this.live(gen)) return true;
    this.writer.stop();
    this.stream = null;
    this.closing = stream.close('ABORT', CLOSE_TIMEOUT_MS);
    this.output.detach();
    this.writer.reset();
    this.enter('idle');
    this.events.idle();
    return true;
  }

  /** The device stopped taking audio: reopen (the chosen device if it works, else the default). */
  private async recover(gen: number): Promise<PaStream | null> {
    if (!this.live(gen)) return null;
    const dead = this.stream;
    this.stream = null;
    this.output.detach();
    this.writer.stop();
    this.stats.stalls++;
    this.events.stalled(new PlaybackError('stalled', `The output "${this.output.device?.name ?? 'device'}" stopped playing; reopening it.`));
    if (dead) await dead.close('ABORT', STALLED_CLOSE_TIMEOUT_MS);
    if (!this.live(gen)) return null;
    return this.open(gen);
  }
}
