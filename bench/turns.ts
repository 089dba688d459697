// Turn-level figures on a private PulseAudio, for the engine untuned and tuned:
// - release → commit: push-to-talk key released → input_audio_buffer.commit handed to the socket;
// - the stages of a push-to-talk turn as the app reports them (turn-metrics.ts): release → commit →
//   response.created → first audio delta → first audio audible (played-sample counter), and the total;
// - barge-in: server VAD's speech_started reaches the client → the virtual speaker is silent;
// - CPU of a 60 s duplex turn: microphone streaming to the server while a 60 s reply plays (client
//   process only; the simulator runs in this process).
//   npx tsx bench/turns.ts [--runs 5]
import { fork } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSimulator } from '../src/sim/index';
import { LATENCY_STAGES, median as middle, type TurnLatencyFigures } from '../src/shared/turn-figures';
import { startPulse, type PulseServer } from '../tests/support/pulse';
import { speechPcm } from '../tests/support/speech';
import { median } from './stats';

const here = fileURLToPath(new URL('.', import.meta.url));
const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg >= 0 ? Number(process.argv[runsArg + 1]) : 5;
const PRESETS = {
  untuned: { deviceLatencyMs: null, leadInMs: 0, preparedLeadInMs: 0, chunkMs: 20 },
  tuned: {},
} as const;
const LOUD = 2000;

type Message = { ready?: boolean; result?: Record<string, unknown>; error?: string; playing?: number; speechStartedAt?: number };

function probe(server: PulseServer, task: string, arg: object, onMessage: (m: Message, send: (m: object) => void) => void = () => undefined): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const child = fork(join(here, 'turns-probe.ts'), [task, JSON.stringify(arg)], { execArgv: ['--import', 'tsx'], env: server.env, stdio: ['ignore', 'ignore', 'ignore', 'ipc'] });
    const timer = setTimeout(() => child.kill('SIGKILL'), 180_000);
    child.on('message', (m: Message) => {
      onMessage(m, (x) => child.send(x));
      if (m.error) reject(new Error(m.error));
      if (m.result) {
        child.send({ cmd: 'quit' });
        resolve(m.result);
      }
    });
    child.once('exit', () => {
      clearTimeout(timer);
      reject(new Error(`${task} ended without a result`));
    });
  });
}

const round = (x: number): number => Math.round(x * 10) / 10;

/** The median of each stage over the turns where it was measured (null where it never was). */
function stageMedians(turns: readonly TurnLatencyFigures[]): Record<string, number | null> {
  return Object.fromEntries(
    LATENCY_STAGES.map((stage) => {
      const m = middle(turns.map((t) => t[stage]).filter((ms): ms is number => ms !== null));
      return [stage, m === null ? null : Math.round(m * 1000) / 1000];
    }),
  );
}

export async function runTurnBenchmarks(): Promise<Record<string, unknown>> {
  const server = await startPulse();
  const sim = await startSimulator({ port: 0, recordReceived: false });
  const speech = await speechPcm('Stop, please.');
  const out: Record<string, Record<string, unknown>> = {};
  try {
    for (const [name, playback] of Object.entries(PRESETS)) {
      const r = await probe(server, 'release-commit', { simUrl: sim.url, playback, runs: 10 });
      const bargeIns: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const recorder = server.record();
        await recorder.ready;
        let speechStartedAt = 0;
        let spoken: Promise<void> = Promise.resolve();
        await probe(server, 'barge-in', { simUrl: sim.url, playback, text: 'Read me the whole weather report, slowly.' }, (m) => {
          if (m.playing) spoken = new Promise((r) => setTimeout(r, 1000)).then(() => server.playIntoMic(speech.wav));
          if (m.speechStartedAt) speechStartedAt = m.speechStartedAt;
        });
        // The clip must be over before the next run, or its server VAD would hear it.
        await spoken;
        const target = recorder.bytes() + 300 * 48;
        await recorder.waitUntil(() => recorder.bytes() >= target, 10_000);
        const pcm = await recorder.stop();
        // The interrupted reply is the first stretch of loud audio; its end is when the speaker went quiet.
        let last = -1;
        for (let s = 0, quiet = 0; s + 1 < pcm.length; s += 2) {
          if (Math.abs(pcm.readInt16LE(s)) >= LOUD) {
            last = s / 2;
            quiet = 0;
          } else if (last >= 0 && ++quiet > 24 * 200) break;
        }
        if (last >= 0 && speechStartedAt) bargeIns.push(performance.timeOrigin + recorder.timeOfSample(last) - speechStartedAt);
      }
      const cpu = await probe(server, 'duplex-cpu', { simUrl: sim.url, playback, text: 'x'.repeat(990) });
      out[name] = {
        releaseToCommitMedianMs: Math.round(median(r.releaseToCommitMs as number[]) * 1000) / 1000,
        bargeInMedianMs: round(median(bargeIns)),
        bargeInMaxMs: round(Math.max(...bargeIns)),
        duplexCpuPercentOfOneCore: round(cpu.cpuPercentOfOneCore as number),
        duplexSeconds: round((cpu.wallMs as number) / 1000),
        pushToTalkStageMediansMs: stageMedians(r.stages as TurnLatencyFigures[]),
      };
      console.log(`turns ${name}: ${JSON.stringify(out[name])}`);
    }
  } finally {
    await speech.cleanup();
    await sim.close();
    await server.stop();
  }
  return out;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const result = await runTurnBenchmarks();
  console.log(JSON.stringify(result, null, 2));
}
