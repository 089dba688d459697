// Audio latency on a private PulseAudio (PortAudio → ALSA pulse plugin → null sink):
// - output start: first delta handed over → first sound at spk.monitor, for naudiodon2 as shipped (its
//   stream wrapper, no tuning) and for the engine untuned / tuned / tuned with prepare(); and how much of a
//   1 s tone came out between its first and last loud sample (a lost start or a hole shows there);
// - stop: stop() → the speaker goes quiet, and how far playedMs is from what came out;
// - capture: a click played into the virtual microphone → the engine's frame, relative to a 20 ms parec
//   on the same source (the reference path) and to the moment the click was injected.
// Times come from each process's performance.timeOrigin + now(); monitor times use the recorder's
// lower-envelope estimate, so parec's fragment latency (≤ 20 ms) is not subtracted.
//   npx tsx bench/audio/latency.ts [--runs 8]
import { fork, spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startPulse } from '../../tests/support/pulse';
import type { PulseServer, Recorder } from '../../tests/support/pulse';
import { stats } from '../stats';

const here = fileURLToPath(new URL('.', import.meta.url));
const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg >= 0 ? Number(process.argv[runsArg + 1]) : 8;
// `--only capture` (or output, stop) measures one part, for quick A/Bs of a single setting.
const onlyArg = process.argv.indexOf('--only');
const ONLY = onlyArg >= 0 ? process.argv[onlyArg + 1] : null;
const wanted = (part: string): boolean => ONLY === null || ONLY === part;
const LOUD = 2000;

type Result = Record<string, number | null>;

function probe(server: PulseServer, task: string, arg: object, onReady?: (child: ReturnType<typeof fork>) => void): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = fork(join(here, 'latency-probe.ts'), [task, JSON.stringify(arg)], {
      execArgv: ['--import', 'tsx'],
      env: server.env,
      stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('message', (m: { ready?: boolean; result?: Result; error?: string }) => {
      if (m.ready) onReady?.(child);
      if (m.result) resolve(m.result);
      if (m.error) reject(new Error(m.error));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${task} exited (${code}) without a result`));
    });
  });
}

/** Epoch ms of the first / last loud sample in a finished recording. */
function loudTimes(rec: Recorder, pcm: Buffer): { first: number; last: number } | null {
  let first = -1;
  let last = -1;
  for (let i = 0; i + 1 < pcm.length; i += 2) {
    if (Math.abs(pcm.readInt16LE(i)) >= LOUD) {
      if (first < 0) first = i / 2;
      last = i / 2;
    }
  }
  if (first < 0) return null;
  return { first: performance.timeOrigin + rec.timeOfSample(first), last: performance.timeOrigin + rec.timeOfSample(last) };
}

async function settle(rec: Recorder): Promise<Buffer> {
  const target = rec.bytes() + 300 * 48;
  await rec.waitUntil(() => rec.bytes() >= target, 10_000);
  return rec.stop();
}

const OUTPUT_CONFIGS: Record<string, { task: string; arg: object }> = {
  'naudiodon2 as shipped (Writable stream, 100 ms chunks)': { task: 'stockOutput', arg: {} },
  'engine untuned (plugin-default pulse buffer, no lead-in)': { task: 'engineOutput', arg: { options: { deviceLatencyMs: null, leadInMs: 0 } } },
  'engine tuned (defaults)': { task: 'engineOutput', arg: { options: {} } },
  'engine tuned + prepare()': { task: 'engineOutput', arg: { options: {}, prepare: true } },
  'prepare() with the 40 ms lead-in of a fresh stream': { task: 'engineOutput', arg: { options: { preparedLeadInMs: 40 }, prepare: true } },
};

const STOP_CONFIGS: Record<string, object> = {
  'untuned (plugin-default pulse buffer, 20 ms chunks)': { deviceLatencyMs: null, chunkMs: 20 },
  'tuned (defaults)': {},
};

async function main(): Promise<void> {
  const server = await startPulse();
  const out: Record<string, unknown> = { runs: RUNS, date: new Date().toISOString() };
  try {
    const startLatency: Record<string, number[]> = {};
    const heard: Record<string, number[]> = {};
    const stop: Record<string, { silenceAfterStopMs: number[]; playedMsError: number[] }> = {};
    const capture = { vsParecMs: [] as number[], vsInjectionMs: [] as number[] };
    for (let r = 0; r < RUNS; r++) {
      for (const [name, c] of wanted('output') ? Object.entries(OUTPUT_CONFIGS) : []) {
        const rec = server.record();
        await rec.ready;
        const res = await probe(server, c.task, c.arg);
        const t = loudTimes(rec, await settle(rec));
        if (t) (startLatency[name] ??= []).push(t.first - res.firstWrite!);
        // The 1 s tone from its first loud sample to its last: short of 1000 ms if its start was lost,
        // longer if a hole opened inside it.
        if (t) (heard[name] ??= []).push(t.last - t.first);
      }
      for (const [name, options] of wanted('stop') ? Object.entries(STOP_CONFIGS) : []) {
        const rec = server.record();
        await rec.ready;
        const res = await probe(server, 'engineStop', { options });
        const pcm = await settle(rec);
        const t = loudTimes(rec, pcm);
        if (!t) continue;
        const s = (stop[name] ??= { silenceAfterStopMs: [], playedMsError: [] });
        s.silenceAfterStopMs.push(t.last - res.stopAt!);
        s.playedMsError.push(res.playedMs! - (t.last - t.first));
      }
      // Capture: the engine and a reference parec read the virtual microphone while a click is injected.
      if (!wanted('capture')) continue;
      const ref = server.record('mic');
      await ref.ready;
      let injectedAt = 0;
      const res = await probe(server, 'capture', {}, (child) => {
        setTimeout(() => {
          injectedAt = performance.timeOrigin + performance.now();
          const click = Buffer.alloc(4800);
          for (let i = 0; i < 240; i++) click.writeInt16LE(i % 20 < 10 ? 20000 : -20000, i * 2);
          const p = spawn('pacat', ['--device=micfeed', '--raw', '--format=s16le', '--rate=24000', '--channels=1', '--latency-msec=10'], { env: server.env, stdio: ['pipe', 'ignore', 'ignore'] });
          p.stdin.end(click);
          p.once('exit', () => setTimeout(() => child.send('stop'), 500));
        }, 500);
      });
      const refPcm = await ref.stop();
      let refIdx = -1;
      for (let i = 0; i + 1 < refPcm.length; i += 2) if (Math.abs(refPcm.readInt16LE(i)) > 8000) { refIdx = i / 2; break; }
      if (res.clickAt && refIdx >= 0) {
        capture.vsParecMs.push(res.clickAt - (performance.timeOrigin + ref.timeOfSample(refIdx)));
        capture.vsInjectionMs.push(res.clickAt - injectedAt);
      }
    }
    out.outputStartLatencyMs = Object.fromEntries(Object.entries(startLatency).map(([k, v]) => [k, stats(v)]));
    out.outputHeardMsOf1000 = Object.fromEntries(Object.entries(heard).map(([k, v]) => [k, stats(v)]));
    out.stop = Object.fromEntries(Object.entries(stop).map(([k, v]) => [k, { silenceAfterStopMs: stats(v.silenceAfterStopMs), playedMsMinusHeardMs: stats(v.playedMsError) }]));
    out.captureLatencyMs = { relativeToParec20ms: stats(capture.vsParecMs), sinceClickInjected: stats(capture.vsInjectionMs) };
  } finally {
    await server.stop();
  }
  console.log(JSON.stringify(out, null, 2));
  await mkdir('bench-results', { recursive: true });
  const file = join('bench-results', `audio-latency-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  await writeFile(file, JSON.stringify(out, null, 2));
  console.log(`wrote ${file}`);
}

void main();
