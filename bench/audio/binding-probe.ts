// Child process for compare-bindings.ts: loads ONE PortAudio binding (two cannot share a process) and runs
// the measurement the parent asks for, reporting over the IPC channel. Run only by the parent, with the
// private PulseAudio env already set.
import { portAudio } from '../../src/main/audio/portaudio';
import type { BindingName } from '../../src/main/audio/portaudio';
import { levelChunk } from './level-signal';

const binding = (process.argv[2] ?? 'naudiodon2') as BindingName;
const task = process.argv[3] ?? 'list';
const pa = portAudio(binding);
const send = (msg: object): void => void process.send?.(msg);
const epochNow = (): number => performance.timeOrigin + performance.now();
const RATE = 24000;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

async function playLevels(chunks: number, preMs: number, postMs: number): Promise<{ firstWrite: number; openMs: number }> {
  const t0 = performance.now();
  const s = pa.open('output', { sampleRate: RATE, channels: 1, maxQueue: 2 });
  const openMs = performance.now() - t0;
  const firstWrite = epochNow();
  // Queue before start(): a started stream with nothing queued blocks its callback and the device underruns.
  await s.write(Buffer.alloc(preMs * 48));
  s.start();
  for (let k = 0; k < chunks; k++) await s.write(levelChunk(k));
  await s.write(Buffer.alloc(postMs * 48));
  await s.close('WAIT');
  return { firstWrite, openMs };
}

async function main(): Promise<void> {
  if (task === 'list') {
    const times: number[] = [];
    let count = 0;
    for (let i = 0; i < 10; i++) {
      const t = performance.now();
      count = pa.listDevices().length;
      times.push(performance.now() - t);
    }
    send({ listMedianMs: median(times), listMaxMs: Math.max(...times), devices: count });
  } else if (task === 'play') {
    const chunks = Number(process.argv[4] ?? 50);
    send(await playLevels(chunks, Number(process.argv[5] ?? 80), Number(process.argv[6] ?? 120)));
  } else if (task === 'cycles') {
    const n = Number(process.argv[4] ?? 100);
    const times: number[] = [];
    let timeouts = 0;
    const rss0 = process.memoryUsage().rss;
    for (let i = 0; i < n; i++) {
      const t = performance.now();
      const s = pa.open(i % 2 ? 'input' : 'output', { sampleRate: RATE, channels: 1, maxQueue: i % 2 ? 16 : 2 });
      if (s.kind === 'output') {
        await s.write(Buffer.alloc(960));
        s.start();
        await s.write(levelChunk(0));
      } else {
        s.start();
        await s.read(960);
      }
      if ((await s.close('ABORT', 5000)) === 'timeout') timeouts++;
      times.push(performance.now() - t);
    }
    send({ cycles: n, cycleMedianMs: median(times), cycleMaxMs: Math.max(...times), timeouts, rssGrowthMiB: (process.memoryUsage().rss - rss0) / 2 ** 20 });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    send({ error: String(error) });
    process.exit(1);
  },
);
