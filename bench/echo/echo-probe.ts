// Child process for echo.ts: the engine's speaker and echo-cancelled microphone on the private PulseAudio
// (and simulated room) whose env it inherited. Plays the far-end clip it is given, and reports per 20 ms
// read the levels before and after the canceller, the time spent in it, and everything the microphone sent.
// Not meant to be run by hand.
import { readFileSync, writeFileSync } from 'node:fs';
import { AudioCapture } from '../../src/main/audio/capture/capture';
import { EchoCanceller } from '../../src/main/audio/echo/echo-canceller';
import { AudioPlayback } from '../../src/main/audio/playback/speaker';

const arg = JSON.parse(process.argv[2] ?? '{}') as {
  farClip: string;
  leadMs: number;
  tailMs: number;
  bursts?: number;
  burstMs?: number;
  gapMs?: number;
  prepare?: boolean;
  /** false: AEC3 alone, without the residual gate. */
  residualGate?: boolean;
};
const send = (msg: object): void => void process.send?.(msg);
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export interface EchoRead {
  /** ms since the far end started playing (negative before). */
  t: number;
  farRms: number;
  micRms: number;
  outRms: number;
  /** Before the residual gate. */
  aecRms: number;
  /** Time spent in the canceller for this read (ms). */
  cpuMs: number;
  /** Far-end frames handed to the canceller before this read, and when the read arrived (ms, as t). */
  farFrames: number;
  arrived: number;
  /** Where the far end's reader was for this read (ms, as t). */
  until: number;
}

async function main(): Promise<void> {
  const canceller = await EchoCanceller.create(undefined, { residualGate: arg.residualGate ?? true });
  const reads: EchoRead[] = [];
  let playStart = Infinity;
  const process_ = canceller.process.bind(canceller);
  const read = canceller.far.read.bind(canceller.far);
  let farFrames = 0;
  let until = 0;
  const dump = process.env.ECHO_DUMP ? { far: [] as Float32Array[], mic: [] as Float32Array[], seq: [] as number[][] } : null;
  canceller.far.read = (count) => {
    until = canceller.far.position ?? 0;
    const frames = read(count);
    dump?.far.push(...frames.map((f) => Float32Array.from(f)));
    farFrames = frames.length;
    return frames;
  };
  canceller.process = (mic, rate, arrivedAt) => {
    const t0 = performance.now();
    const r = process_(mic, rate, arrivedAt);
    dump?.mic.push(Float32Array.from(mic));
    dump?.seq.push([farFrames, mic.length]);
    reads.push({ t: t0 - playStart, farRms: r.farRms, micRms: r.micRms, outRms: r.outRms, aecRms: r.aecRms, cpuMs: performance.now() - t0, farFrames, arrived: (arrivedAt ?? t0) - playStart, until: until - playStart });
    return r;
  };
  const speaker = new AudioPlayback({ deviceTap: canceller.far });
  const mic = await AudioCapture.start({ echo: canceller });
  const sent: Buffer[] = [];
  mic.on('frame', (f) => sent.push(f));
  await sleep(arg.leadMs);
  playStart = performance.now();
  send({ playing: performance.timeOrigin + playStart });
  const clip = readFileSync(arg.farClip);
  // As replies arrive: each on a stream opened ahead (prepare(), as at response.created), in 100 ms deltas
  // at a little faster than real time.
  const bursts = arg.bursts ?? 1;
  const burstBytes = arg.burstMs ? arg.burstMs * 48 : clip.length;
  for (let b = 0, at = 0; b < bursts; b++) {
    const idle = new Promise<void>((r) => speaker.once('idle', () => r()));
    if (arg.prepare !== false) {
      speaker.prepare();
      await sleep(150);
    }
    const end = Math.min(clip.length, at + burstBytes);
    for (; at < end; at += 4800) {
      speaker.play(`far-${b}`, clip.subarray(at, Math.min(end, at + 4800)));
      await sleep(80);
    }
    speaker.endItem(`far-${b}`);
    await idle;
    if (at >= clip.length) at = 0;
    await sleep(arg.gapMs ?? 0);
  }
  await sleep(arg.tailMs);
  await mic.stop();
  await speaker.close();
  canceller.free();
  if (dump) {
    const cat = (xs: Float32Array[]): Buffer => Buffer.concat(xs.map((x) => Buffer.from(x.buffer, x.byteOffset, x.byteLength)));
    writeFileSync(`${process.env.ECHO_DUMP}-far24.f32`, cat(dump.far));
    writeFileSync(`${process.env.ECHO_DUMP}-mic48.f32`, cat(dump.mic));
    writeFileSync(`${process.env.ECHO_DUMP}-seq.json`, JSON.stringify(dump.seq));
  }
  send({ result: { reads, sent: Buffer.concat(sent).toString('base64'), format: mic.format } });
}

main().catch((error: unknown) => send({ error: String(error) }));
