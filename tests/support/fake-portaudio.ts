// A PortAudio stand-in for playback unit tests: output streams are real PaStream objects over a fake native
// stream that records what it is given. Writes are accepted at once, except that a stream opened while
// `stallAfter` is set stops taking audio after that many writes (a device that died); open() throws while
// `openError` is set (a device that refuses).
import { PaStream } from '../../src/main/audio/portaudio';
import type { PaDeviceInfo, PaHostApis, PaStreamOptions, PortAudio } from '../../src/main/audio/portaudio';

export interface FakeOutput {
  options: PaStreamOptions;
  /** Every chunk the native stream was given, in order. */
  writes: Buffer[];
  started: boolean;
  quit: 'WAIT' | 'ABORT' | null;
  stream: PaStream;
}

const device = (index: number, name: string): PaDeviceInfo => ({
  index,
  name,
  hostApiName: 'ALSA',
  maxInputChannels: 0,
  maxOutputChannels: 2,
  defaultSampleRate: 48000,
});

export class FakePortAudio implements PortAudio {
  readonly binding = 'naudiodon2' as const;
  readonly outputs: FakeOutput[] = [];
  devices: PaDeviceInfo[] = [device(0, 'default'), device(1, 'headset')];
  openError: Error | null = null;
  /** Device indexes whose open() throws (listed but refused). */
  readonly refused = new Set<number>();
  stallAfter = Infinity;
  opens = 0;

  get openStreams(): number {
    return this.outputs.filter((o) => o.quit === null).length;
  }

  get canReenumerate(): boolean {
    return true;
  }

  /** Every chunk written to every stream, in order. */
  get allWrites(): Buffer[] {
    return this.outputs.flatMap((o) => o.writes);
  }

  listDevices(): PaDeviceInfo[] {
    return this.devices;
  }

  hostApis(): PaHostApis {
    return { defaultHostApi: 0, hostApis: [{ name: 'ALSA', type: 'ALSA', deviceCount: this.devices.length, defaultInput: -1, defaultOutput: 0 }] };
  }

  open(kind: 'input' | 'output', options: PaStreamOptions): PaStream {
    this.opens++;
    if (this.openError) throw this.openError;
    if (this.refused.has(options.deviceIndex ?? -1)) throw new Error('Device unavailable');
    const stallAfter = this.stallAfter;
    const out = { options, writes: [], started: false, quit: null } as Omit<FakeOutput, 'stream'> & Partial<FakeOutput>;
    const native = {
      start: (): void => {
        out.started = true;
      },
      read: async () => ({ finished: true }),
      write: (chunk: Buffer): Promise<string | undefined> => {
        out.writes.push(Buffer.from(chunk));
        return out.writes.length > stallAfter ? new Promise(() => undefined) : Promise.resolve(undefined);
      },
      quit: async (mode: 'WAIT' | 'ABORT'): Promise<void> => {
        out.quit = mode;
      },
    };
    const stream = new PaStream(native, kind, options.sampleRate, options.channels);
    out.stream = stream;
    this.outputs.push(out as FakeOutput);
    return stream;
  }
}

/** `ms` of 24 kHz mono pcm16 at a constant non-zero level. */
export function pcmMs(ms: number, level = 1000): Buffer {
  const b = Buffer.alloc(Math.round(ms * 24) * 2);
  for (let i = 0; i < b.length; i += 2) b.writeInt16LE(level, i);
  return b;
}
