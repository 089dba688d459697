// Thin typed wrapper over the naudiodon2 native addon (PortAudio 19.7, N-API).
//
// We load the addon's `naudiodon.node` directly instead of the package's index.js because that file:
// requires `segfault-handler` (a NAN addon that would need an Electron rebuild), wraps I/O in Node streams
// whose 16 KiB high-water mark hides ~340 ms of audio from back-pressure, calls quit() on 'finish' by itself
// (a second quit runs Pa_AbortStream on a closed stream: the 10-minute hang), and its abort() passes two
// arguments to a native method that accepts one, so it always throws.
//
// Native facts this wrapper guards (see the addon's PaContext/ChunkQueue sources):
// - Every native call except start() runs on the libuv thread pool and may block there: write() until the
//   output queue (`maxQueue` chunks) has room, read() until a capture chunk arrives, quit() until the
//   output queue has drained into the device. So writes and reads are serialised here, and close() runs
//   quit() exactly once, racing it against a timeout so a wedged device cannot hang the caller.
// - Each open stream holds a Pa_Initialize reference; the device list is only re-enumerated when none is open.
// Our patch (patches/naudiodon2+2.5.0.patch, applied and compiled on install) changes three things upstream:
// - quit('ABORT') drops what sits in the output queue and aborts at once (upstream plays the queue first and
//   sleeps 20 ms), so the queue can be deep enough to ride out a late event loop without delaying a stop;
// - a failed open gives back its Pa_Initialize reference (upstream leaks it, pinning a stale device list);
// - the printf()s per stream open are gone; alsa-lib's errors, the JACK library's messages and xrun notices
//   are caught in a buffer that is collected after each native call (native-diagnostics.ts);
// - the device buffer can be chosen (`latencyMs`, PortAudio's suggested latency).
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { DeviceKind } from '../../shared/domain';
import { errorText } from '../../shared/error-text';
import { nativeDiagnostics } from './native-diagnostics';
import type { DiagnosticsSource } from './native-diagnostics';

export type BindingName = 'naudiodon2' | 'naudiodon';

export interface PaDeviceInfo {
  /** PortAudio device index: valid only until PortAudio is re-initialised. */
  index: number;
  name: string;
  hostApiName: string;
  maxInputChannels: number;
  maxOutputChannels: number;
  defaultSampleRate: number;
}

export interface PaHostApis {
  /** Index into `hostApis` of PortAudio's default host API. */
  defaultHostApi: number;
  hostApis: { name: string; type: string; deviceCount: number; defaultInput: number; defaultOutput: number }[];
}

export interface PaStreamOptions {
  /** PortAudio device index; -1 or undefined for the default device. */
  deviceIndex?: number;
  sampleRate: number;
  channels: number;
  /** Chunks the addon queues before write() blocks (output) or the callback blocks (input). */
  maxQueue?: number;
  /**
   * PortAudio's host buffer in frames; 0 lets the host choose (≈10 ms through the ALSA pulse plugin).
   * The pulse plugin sizes PulseAudio's buffer from it (1024 frames at 24 kHz → ≈128 ms).
   */
  framesPerBuffer?: number;
  /**
   * Buffer to ask PulseAudio for (PULSE_LATENCY_MSEC while the stream is created and started), or
   * undefined for the ALSA pulse plugin's default. A value the user set in the environment always wins.
   */
  pulseLatencyMs?: number;
  /**
   * PortAudio's suggested latency (needs the patched addon), or undefined for the device's default low
   * latency. Through the ALSA pulse plugin this is how much audio sits in PulseAudio's buffer, so it is what
   * rides out a stall of the whole machine (docs/audio-playback.md).
   */
  latencyMs?: number;
}

// libpulse reads PULSE_LATENCY_MSEC when the ALSA pulse plugin connects its stream, which happens inside
// Pa_OpenStream and again inside Pa_StartStream; both are synchronous here, so a scoped override cannot
// leak into another stream being opened. Setting it also makes libpulse request ADJUST_LATENCY, without
// which a sink may run with its default (up to 2 s) latency.
const userPulseLatency = process.env.PULSE_LATENCY_MSEC;
function withPulseLatency<T>(ms: number | undefined, fn: () => T): T {
  if (ms === undefined || userPulseLatency !== undefined) return fn();
  const before = process.env.PULSE_LATENCY_MSEC;
  process.env.PULSE_LATENCY_MSEC = String(Math.round(ms));
  try {
    return fn();
  } finally {
    if (before === undefined) delete process.env.PULSE_LATENCY_MSEC;
    else process.env.PULSE_LATENCY_MSEC = before;
  }
}

interface NativeReadResult {
  buf?: Buffer;
  finished?: boolean;
  err?: string;
}

interface NativeStream {
  start(): void;
  read(bytes: number): Promise<NativeReadResult>;
  write(chunk: Buffer): Promise<string | undefined>;
  quit(mode: 'WAIT' | 'ABORT'): Promise<void>;
}

interface NativeRawDevice {
  id: number;
  name: string;
  maxInputChannels: number;
  maxOutputChannels: number;
  defaultSampleRate: number;
  hostAPIName: string;
}

interface NativeAddon extends DiagnosticsSource {
  getDevices(): NativeRawDevice[];
  getHostAPIs(): {
    defaultHostAPI: number;
    HostAPIs: { name: string; type: string; deviceCount: number; defaultInput: number; defaultOutput: number }[];
  };
  create(options: { inOptions?: object; outOptions?: object }): NativeStream;
}

export type CloseResult = 'closed' | 'timeout';

/** One open PortAudio stream (input or output), 16-bit samples. */
export class PaStream {
  private chain: Promise<unknown> = Promise.resolve();
  private started = false;
  private closing: Promise<CloseResult> | null = null;

  constructor(
    private readonly native: NativeStream,
    readonly kind: DeviceKind,
    readonly sampleRate: number,
    readonly channels: number,
    private readonly onClosed: () => void = () => undefined,
    private readonly pulseLatencyMs?: number,
  ) {}

  get closed(): boolean {
    return this.closing !== null;
  }

  start(): void {
    if (this.started || this.closing) return;
    this.started = true;
    withPulseLatency(this.pulseLatencyMs, () => this.native.start());
  }

  /**
   * Queues a chunk; resolves once the addon has accepted it (its queue had room). Calls are serialised so
   * chunks keep their order (two writes in flight on the pool could swap). Resolves with an error string or
   * undefined.
   */
  write(chunk: Buffer): Promise<string | undefined> {
    if (this.kind !== 'output') throw new Error('write() on an input stream');
    if (this.closing) return Promise.resolve('stream closed');
    const next = this.chain.then(() => (this.closing ? 'stream closed' : this.native.write(chunk)));
    this.chain = next.catch(() => undefined);
    return next;
  }

  /** Reads exactly `bytes` (fewer only when the stream finishes). Serialised like write(). */
  read(bytes: number): Promise<NativeReadResult> {
    if (this.kind !== 'input') throw new Error('read() on an output stream');
    if (this.closing) return Promise.resolve({ finished: true });
    const next = this.chain.then(() => (this.closing ? { finished: true } : this.native.read(bytes)));
    this.chain = next.catch(() => undefined);
    return next;
  }

  /**
   * Stops and closes the stream exactly once (later calls return the same promise). 'ABORT' drops what the
   * device has buffered; 'WAIT' lets it play. Resolves 'timeout' if PortAudio has not finished within
   * `timeoutMs`: the native call is then left to finish (or not) on its pool thread.
   */
  close(mode: 'WAIT' | 'ABORT' = 'ABORT', timeoutMs = 3000): Promise<CloseResult> {
    if (this.closing) return this.closing;
    const quit = this.native
      .quit(mode)
      .catch(() => undefined)
      .then(() => {
        this.onClosed();
        return 'closed' as const;
      });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<CloseResult>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    this.closing = Promise.race([quit, timeout]).finally(() => clearTimeout(timer));
    return this.closing;
  }
}

export interface PortAudio {
  readonly binding: BindingName;
  /** Streams opened and not yet closed: while > 0 PortAudio stays initialised and listDevices() is stale. */
  readonly openStreams: number;
  /** Whether listDevices() will re-enumerate now (no stream open). */
  readonly canReenumerate: boolean;
  listDevices(): PaDeviceInfo[];
  hostApis(): PaHostApis;
  /** Opens (does not start) a stream. Throws with PortAudio's message when the device or format is refused. */
  open(kind: DeviceKind, options: PaStreamOptions): PaStream;
}

const loaded = new Map<BindingName, PortAudio>();

/** Runs a native call, then hands on what the native layer said during it (even when it threw). */
function collecting<T>(addon: NativeAddon, call: () => T): T {
  try {
    return call();
  } finally {
    nativeDiagnostics.collect(addon);
  }
}

function loadAddon(binding: BindingName): NativeAddon {
  const require = createRequire(import.meta.url);
  const root = dirname(require.resolve(`${binding}/package.json`));
  const candidates = ['build/Release/naudiodon.node', 'build/Debug/naudiodon.node'].map((p) => join(root, p));
  let lastError: unknown;
  for (const file of candidates) {
    try {
      return require(file) as NativeAddon;
    } catch (error) {
      lastError = error;
    }
  }
  throw new Error(`Could not load the ${binding} audio addon: ${errorText(lastError)}`);
}

/**
 * The process-wide PortAudio binding. Only one binding may be used per process: both addons load a
 * library named libportaudio.so.2 and the dynamic linker would hand the second one the first one's copy.
 */
export function portAudio(binding: BindingName = 'naudiodon2'): PortAudio {
  const existing = loaded.get(binding);
  if (existing) return existing;
  if (loaded.size > 0) throw new Error(`PortAudio is already loaded from ${[...loaded.keys()].join(', ')}`);
  const addon = loadAddon(binding);
  let openStreams = 0;
  const api: PortAudio = {
    binding,
    get openStreams() {
      return openStreams;
    },
    get canReenumerate() {
      return openStreams === 0;
    },
    listDevices: () =>
      collecting(addon, () => addon.getDevices()).map((d) => ({
        index: d.id,
        name: d.name,
        hostApiName: d.hostAPIName,
        maxInputChannels: d.maxInputChannels,
        maxOutputChannels: d.maxOutputChannels,
        defaultSampleRate: d.defaultSampleRate,
      })),
    hostApis: () => {
      const h = collecting(addon, () => addon.getHostAPIs());
      return { defaultHostApi: h.defaultHostAPI, hostApis: h.HostAPIs.map((x) => ({ ...x })) };
    },
    open(kind, o) {
      const opts = {
        deviceId: o.deviceIndex ?? -1,
        sampleRate: o.sampleRate,
        channelCount: o.channels,
        sampleFormat: 16,
        maxQueue: o.maxQueue ?? 2,
        framesPerBuffer: o.framesPerBuffer ?? 0,
        latencyMs: o.latencyMs ?? 0,
        // With closeOnError the addon returns an xrun flag from read() *instead of* the captured chunk;
        // without it the flag is only printed and no audio is lost.
        closeOnError: false,
      };
      let native: NativeStream;
      try {
        native = collecting(addon, () => withPulseLatency(o.pulseLatencyMs, () => addon.create(kind === 'input' ? { inOptions: opts } : { outOptions: opts })));
      } catch (error) {
        throw error instanceof Error ? error : new Error(String(error));
      }
      openStreams++;
      const closed = (): void => {
        openStreams--;
        nativeDiagnostics.collect(addon);
      };
      return new PaStream(native, kind, o.sampleRate, o.channels, closed, o.pulseLatencyMs);
    },
  };
  loaded.set(binding, api);
  return api;
}
