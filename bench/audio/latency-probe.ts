// Child process for latency.ts: runs one measurement on the private PulseAudio whose env it inherited and
// reports wall-clock (epoch ms) timestamps over IPC. Not meant to be run by hand.
import { createRequire } from 'node:module';
import { AudioCapture } from '../../src/main/audio/capture/capture';
import { AudioPlayback } from '../../src/main/audio/playback/speaker';
import type { PlaybackOptions } from '../../src/main/audio/playback/speaker';

const task = process.argv[2];
const arg = JSON.parse(process.argv[3] ?? '{}') as Record<string, unknown>;
const epoch = (): number => performance.timeOrigin + performance.now();
const send = (msg: object): void => void process.send?.(msg);
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function tone(ms: number): Buffer {
  const n = Math.round(ms * 24);
  const b = Buffer.alloc(n * 2);
  for (let i = 0; i < n; i++) b.writeInt16LE(Math.round(12000 * Math.sin((2 * Math.PI * 440 * i) / 24000)), i * 2);
  return b;
}

/** naudiodon2 as shipped: its Writable stream, default buffering, 100 ms chunks with back-pressure. */
async function stockOutput(): Promise<object> {
  const require = createRequire(import.meta.url);
  const nd = require('naudiodon2') as {
    AudioIO(o: object): NodeJS.WritableStream & { start(): void; once(e: string, cb: () => void): void };
  };
  const io = nd.AudioIO({ outOptions: { channelCount: 1, sampleFormat: 16, sampleRate: 24000, deviceId: -1, closeOnError: false } });
  io.start();
  const clip = tone(1000);
  const firstWrite = epoch();
  for (let off = 0; off < clip.length; off += 4800) {
    if (!io.write(clip.subarray(off, off + 4800))) await new Promise<void>((r) => io.once('drain', r));
  }
  const finished = new Promise<void>((r) => io.once('finished', r));
  io.end(); // the package quits the stream itself on 'finish'; calling quit() again would hang
  await finished;
  return { firstWrite };
}

/** The engine: first play() of a delta → sound; optionally with the stream prepared beforehand. */
async function engineOutput(): Promise<object> {
  const p = new AudioPlayback(arg.options as PlaybackOptions);
  if (arg.prepare) {
    p.prepare();
    await sleep(300); // a reply's first audio usually comes a few hundred ms after response.created
  }
  const idle = new Promise<void>((r) => p.once('idle', () => r()));
  const clip = tone(1000);
  const firstWrite = epoch();
  for (let off = 0; off < clip.length; off += 4800) {
    p.play('bench', clip.subarray(off, off + 4800));
    await sleep(100);
  }
  p.endItem('bench');
  await idle;
  await p.close();
  return { firstWrite };
}

/** stop() while a tone plays → when the speaker goes quiet. */
async function engineStop(): Promise<object> {
  const p = new AudioPlayback(arg.options as PlaybackOptions);
  const clip = tone(3000);
  const t0 = performance.now();
  for (let off = 0; off < clip.length && performance.now() - t0 < 1000; off += 4800) {
    p.play('bench', clip.subarray(off, off + 4800));
    await sleep(100);
  }
  const stopAt = epoch();
  const playedMs = p.playedMs('bench');
  await p.stop();
  const closedAt = epoch();
  await p.close();
  return { stopAt, closedAt, playedMs };
}

/** Capture: epoch time at which each frame arrived, and the frames, until told to stop. */
async function capture(): Promise<object> {
  const mic = await AudioCapture.start();
  let clickAt: number | null = null;
  mic.on('frame', (f) => {
    if (clickAt !== null) return;
    for (let i = 0; i + 1 < f.length; i += 2) {
      if (Math.abs(f.readInt16LE(i)) > 8000) {
        // The click's sample arrived with this frame; later samples of the frame were captured after it.
        clickAt = epoch() - ((f.length - i) / 2 / 24000) * 1000;
        break;
      }
    }
  });
  send({ ready: true });
  await new Promise<void>((r) => process.once('message', () => r()));
  await mic.stop();
  return { clickAt };
}

const tasks: Record<string, () => Promise<object>> = { stockOutput, engineOutput, engineStop, capture };
tasks[task!]!().then(
  (result) => {
    send({ result });
    setImmediate(() => process.exit(0));
  },
  (error: unknown) => {
    send({ error: String(error) });
    process.exit(1);
  },
);
