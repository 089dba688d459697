// naudiodon (PortAudio 19.6) vs naudiodon2 (PortAudio 19.7), measured on a private PulseAudio:
// device listing time, output start latency (first write → sound at spk.monitor), reliability of 20 ms
// chunked writes (audio missing from the recording), and open/close cycles (hangs, time, RSS).
// Each measurement runs in a fresh child process per binding; runs alternate so load affects both alike.
//   npx tsx bench/audio/compare-bindings.ts [--runs 8] [--cycles 100]
import { fork } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startPulse } from '../../tests/support/pulse';
import type { PulseServer } from '../../tests/support/pulse';
import { analyseLevels } from './level-signal';
import { median } from '../stats';

const here = fileURLToPath(new URL('.', import.meta.url));
const bindings = ['naudiodon', 'naudiodon2'] as const;
const arg = (name: string, dflt: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const RUNS = arg('runs', 8);
const CYCLES = arg('cycles', 100);
const CHUNKS = 100; // 2 s of level-coded audio
const PRE_MS = 80;
const POST_MS = 120;

type Msg = Record<string, number | string>;

function probe(server: PulseServer, binding: string, args: string[], timeoutMs = 120_000): Promise<Msg> {
  return new Promise((resolve, reject) => {
    const child = fork(join(here, 'binding-probe.ts'), [binding, ...args], {
      execArgv: ['--import', 'tsx'],
      env: { ...server.env, PULSE_LATENCY_MSEC: '60' },
      stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
    });
    let result: Msg | undefined;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${binding} ${args.join(' ')}: no answer in ${timeoutMs} ms (hang)`));
    }, timeoutMs);
    child.on('message', (m) => (result = m as Msg));
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (result && !('error' in result)) resolve(result);
      else reject(new Error(`${binding} ${args.join(' ')} exited ${code}: ${result?.error ?? 'no result'}`));
    });
  });
}

const round = (x: number): number => Math.round(x * 10) / 10;

async function main(): Promise<void> {
  const server = await startPulse();
  const out: Record<string, Record<string, unknown>> = {};
  try {
    for (const b of bindings) out[b] = { list: await probe(server, b, ['list']), play: [] as object[] };
    for (let r = 0; r < RUNS; r++) {
      for (const b of bindings) {
        const rec = server.record();
        await rec.ready;
        const info = await probe(server, b, ['play', String(CHUNKS), String(PRE_MS), String(POST_MS)]);
        await new Promise((res) => setTimeout(res, 200));
        const pcm = await rec.stop();
        const a = analyseLevels(pcm, CHUNKS);
        const soundAt = a.firstSample >= 0 ? performance.timeOrigin + rec.timeOfSample(a.firstSample) : NaN;
        (out[b]!.play as object[]).push({
          startLatencyMs: round(soundAt - Number(info.firstWrite)),
          openMs: round(Number(info.openMs)),
          missingMs: round(a.missingMs),
          firstChunkMs: round(a.chunkMs[0] ?? 0),
          lastChunkMs: round(a.chunkMs[CHUNKS - 1] ?? 0),
        });
      }
    }
    for (const b of bindings) out[b]!.cycles = await probe(server, b, ['cycles', String(CYCLES)], 600_000);
  } finally {
    await server.stop();
  }
  const summary: Record<string, object> = {};
  for (const b of bindings) {
    const play = out[b]!.play as { startLatencyMs: number; openMs: number; missingMs: number }[];
    summary[b] = {
      listMedianMs: round(Number((out[b]!.list as Msg).listMedianMs)),
      startLatencyMedianMs: median(play.map((p) => p.startLatencyMs)),
      openMedianMs: median(play.map((p) => p.openMs)),
      runsWithMissingAudio: play.filter((p) => p.missingMs > 2).length,
      runs: play.length,
      cycles: out[b]!.cycles,
    };
  }
  console.log(JSON.stringify(summary, null, 2));
  await mkdir('bench-results', { recursive: true });
  const file = join('bench-results', `audio-bindings-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  await writeFile(file, JSON.stringify({ summary, detail: out }, null, 2));
  console.log(`wrote ${file}`);
}

void main();
