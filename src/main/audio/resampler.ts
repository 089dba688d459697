// Streaming sample-rate conversion of mono float audio to 24 kHz, over libsamplerate (WASM).
// SRC_SINC_FASTEST costs ≈12 ms of CPU per second of 48 kHz audio here and is transparent for speech;
// a device that already runs at 24 kHz skips conversion entirely.
import { createRequire } from 'node:module';
import type * as LibSampleRateModule from '@alexanderolsen/libsamplerate-js';

type LibSampleRate = typeof LibSampleRateModule;
type Src = Awaited<ReturnType<LibSampleRate['create']>>;

// The package is a webpack UMD bundle: Node's ESM loader cannot see its named exports.
const lib = createRequire(import.meta.url)('@alexanderolsen/libsamplerate-js') as LibSampleRate;

export interface Resampler {
  readonly inputRate: number;
  readonly outputRate: number;
  /** Converts the next block; keeps filter state across calls. May return fewer samples at first (filter delay). */
  process(input: Float32Array): Float32Array;
  destroy(): void;
}

export async function createResampler(inputRate: number, outputRate: number): Promise<Resampler> {
  if (inputRate === outputRate) {
    return { inputRate, outputRate, process: (x) => x, destroy: () => undefined };
  }
  let src: Src | null = await lib.create(1, inputRate, outputRate, { converterType: lib.ConverterType.SRC_SINC_FASTEST });
  return {
    inputRate,
    outputRate,
    process(input) {
      if (!src) throw new Error('resampler destroyed');
      return src.full(input);
    },
    destroy() {
      src?.destroy();
      src = null;
    },
  };
}
