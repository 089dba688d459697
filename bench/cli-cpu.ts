// CPU and memory of the CLI as a user runs it (`npm run cli`: the bundle in out/cli, plain Node), black box,
// on a private PulseAudio with the simulator in this process (its work is not the CLI's):
// - playback: `ask` with a 30 s spoken reply; the CLI's CPU time (all threads: JavaScript, the audio
//   callback, the sound server client) from its first output (the reply's first words, which arrive with its
//   first audio) until it exits once the reply has played, per second of reply audio;
// - capture: `talk --record-seconds 10` (push-to-talk); its CPU time over the 10 s it records and streams, per
//   second of captured audio;
// - the process's peak resident memory (VmHWM) over the run.
// The CPU is read from /proc/<pid>/stat every 50 ms, so each window is exact to about that.
//   npx tsx bench/cli-cpu.ts [--runs 5]
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { startSimulator } from '../src/sim/index';
import { MS_PER_CHARACTER } from '../src/sim/reply-plan';
import { startPulse, type PulseServer } from '../tests/support/pulse';
import { stats } from './stats';

const KEY = 'bench-key-0123456789';
const TICK_MS = 50;
const CAPTURE_S = 10;
const CLOCK_TICK_MS = 1000 / 100; // USER_HZ

interface Sample {
  at: number;
  cpuMs: number;
  hwmKiB: number;
  /** CPU per thread group: the main (JavaScript) thread, PulseAudio's client thread, and the rest. */
  threads: ThreadCpu;
}

type ThreadCpu = Record<'main' | 'pulseClient' | 'other', number>;

/** User plus system CPU (ms) from a /proc …/stat line (fields 14 and 15, counted after the command name). */
function statCpuMs(stat: string): number {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * CLOCK_TICK_MS;
}

/** The process's CPU split by thread (comm "threaded-ml" is libpulse's mainloop thread). */
function threadCpu(pid: number): ThreadCpu {
  const cpu: ThreadCpu = { main: 0, pulseClient: 0, other: 0 };
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const ms = statCpuMs(stat);
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      cpu[Number(tid) === pid ? 'main' : name === 'threaded-ml' ? 'pulseClient' : 'other'] += ms;
    } catch {
      // the thread ended between the listing and the read
    }
  }
  return cpu;
}

function sample(pid: number): Sample | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const hwm = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return { at: performance.now(), cpuMs: statCpuMs(stat), hwmKiB: Number(hwm?.[1] ?? 0), threads: threadCpu(pid) };
  } catch {
    return null; // gone
  }
}

/** Runs the CLI, sampling it; `mark(out, err)` names the moment the measured window opens. */
function run(server: PulseServer, args: string[], opens: (stdout: string, stderr: string) => boolean): Promise<{ samples: Sample[]; openedAt: number; code: number | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['out/cli/main.mjs', ...args], { env: { ...server.env, REALTIME_API_KEY: KEY }, stdio: ['ignore', 'pipe', 'pipe'] });
    const samples: Sample[] = [];
    let stdout = '';
    let stderr = '';
    let openedAt = -1;
    const check = (): void => {
      if (openedAt < 0 && opens(stdout, stderr)) {
        const s = sample(child.pid!);
        if (s) samples.push(s);
        openedAt = samples.length - 1;
      }
    };
    child.stdout.on('data', (d: Buffer) => ((stdout += d.toString()), check()));
    child.stderr.on('data', (d: Buffer) => ((stderr += d.toString()), check()));
    const timer = setInterval(() => {
      const s = sample(child.pid!);
      if (s) samples.push(s);
    }, TICK_MS);
    const kill = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(timer);
      clearTimeout(kill);
      if (openedAt < 0) reject(new Error(`cli ${args[0]} never opened its window (exit ${code}): ${stderr.slice(-300)}`));
      else resolve({ samples, openedAt, code });
    });
  });
}

const byThread = (t: Record<keyof ThreadCpu, number[]>): Record<string, ReturnType<typeof stats>> =>
  Object.fromEntries(Object.entries(t).map(([k, v]) => [k, stats(v)]));

export async function runCliCpuBenchmarks(runs = 5): Promise<Record<string, unknown>> {
  const build = spawnSync('npm', ['run', '-s', 'build:cli'], { encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`npm run build:cli failed: ${build.stderr}`);
  const server = await startPulse();
  const sim = await startSimulator({ port: 0, requireKey: KEY, recordReceived: false });
  const question = 'Tell me about the sea. '.repeat(22).trim();
  const audioSeconds = (`You said: ${question}`.length * MS_PER_CHARACTER) / 1000;
  const playback: number[] = [];
  const playbackThreads: Record<keyof ThreadCpu, number[]> = { main: [], pulseClient: [], other: [] };
  const capture: number[] = [];
  const captureThreads: Record<keyof ThreadCpu, number[]> = { main: [], pulseClient: [], other: [] };
  const rss: number[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      const ask = await run(server, ['ask', question, '--endpoint', sim.url], (out) => out.length > 0);
      const first = ask.samples[ask.openedAt]!;
      const last = ask.samples.at(-1)!;
      playback.push((last.cpuMs - first.cpuMs) / audioSeconds);
      for (const k of Object.keys(playbackThreads) as (keyof ThreadCpu)[]) playbackThreads[k].push((last.threads[k] - first.threads[k]) / audioSeconds);
      rss.push(Math.max(...ask.samples.map((s) => s.hwmKiB)) / 1024);

      const talk = await run(server, ['talk', '--record-seconds', String(CAPTURE_S), '--mode', 'ptt', '--endpoint', sim.url], (_out, err) => err.includes('Listening'));
      const start = talk.samples[talk.openedAt]!;
      // The last sample inside the recording window.
      const end = talk.samples.filter((s) => s.at - start.at <= CAPTURE_S * 1000).at(-1)!;
      capture.push((end.cpuMs - start.cpuMs) / ((end.at - start.at) / 1000));
      for (const k of Object.keys(captureThreads) as (keyof ThreadCpu)[]) captureThreads[k].push((end.threads[k] - start.threads[k]) / ((end.at - start.at) / 1000));
      rss.push(Math.max(...talk.samples.map((s) => s.hwmKiB)) / 1024);
    }
  } finally {
    await sim.close();
    await server.stop();
  }
  return {
    runs,
    replyAudioSeconds: audioSeconds,
    playbackCpuMsPerAudioSecond: stats(playback),
    // Where it goes: the main thread (JavaScript, the socket, timers), libpulse's thread, the rest (the
    // device callback, V8's and libuv's helpers). Thread exits lose their share, so the parts may sum lower.
    playbackCpuMsPerAudioSecondByThread: byThread(playbackThreads),
    captureCpuMsPerAudioSecond: stats(capture),
    captureCpuMsPerAudioSecondByThread: byThread(captureThreads),
    peakRssMiB: stats(rss),
  };
}

if (process.argv[1]?.endsWith('cli-cpu.ts')) {
  const arg = process.argv.indexOf('--runs');
  console.log(JSON.stringify(await runCliCpuBenchmarks(arg >= 0 ? Number(process.argv[arg + 1]) : 5), null, 2));
}
