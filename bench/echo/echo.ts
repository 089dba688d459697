// Echo cancellation in the simulated room (tests/support/room.ts: 80 ms plus the pipes' own delay,
// reflections, a 0.3 s reverberation, −6 dB, a mildly distorting speaker), on the private PulseAudio:
// - ERLE: microphone power over sent power while only the assistant speaks, after the first 2 s; and the
//   time until every later 250 ms stretch is cancelled by 20 dB or more (convergence);
// - double talk: the user speaks over the reply; what was sent correlated with the user's speech (median
//   of 0.1 s windows) and the user's level in it against the same speech sent with no reply playing;
// - PulseAudio's module-echo-cancel (aec_method=webrtc: WebRTC's older AEC, extended filter and drift
//   compensation on, gain control and noise suppression off) on the same clip in the same room, as a reference;
// - the canceller's time per second of audio (main thread, wall clock inside process(): an upper bound on
//   a loaded machine);
// - hands-free rounds with the assistant: replies that interrupted themselves, replies the user interrupted.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { bestLag, medianWindowCorrelation, toFloat } from '../../tests/support/correlation';
import { bargeIns, quietReplies, within } from '../../tests/support/echo-rounds';
import { ProbeProcess } from '../../tests/support/probe-process';
import { startPulse, type PulseServer } from '../../tests/support/pulse';
import { startRoom } from '../../tests/support/room';
import { speechPcm, type SpeechClip } from '../../tests/support/speech';
import { stats } from '../stats';
import type { EchoRead } from './echo-probe';

const here = fileURLToPath(new URL('.', import.meta.url));
const RUNS = 3;

interface ProbeResult {
  reads: EchoRead[];
  sent: string;
}

function echoProbe(server: PulseServer, farClip: string, onPlaying?: () => void, residualGate = true): Promise<ProbeResult> {
  return new Promise((resolve, reject) => {
    const child = fork(join(here, 'echo-probe.ts'), [JSON.stringify({ farClip, leadMs: 1000, tailMs: 500, residualGate })], {
      execArgv: ['--import', 'tsx'],
      env: server.env,
      stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
    child.on('message', (m: { playing?: number; result?: ProbeResult; error?: string }) => {
      if (m.playing) onPlaying?.();
      if (m.result) resolve(m.result);
      if (m.error) reject(new Error(m.error));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`echo probe exited (${code}) without a result`));
    });
  });
}

const db = (ratio: number): number => Math.round(10 * Math.log10(ratio) * 10) / 10;

/**
 * ERLE after 2 s (what the server receives, and AEC3's own output before the residual gate), and the time
 * until every later 250 ms stretch of AEC3's output is 20 dB under the echo (convergence), from the per-read
 * levels of a far-end-only run.
 */
function erleOf(reads: EchoRead[], farMs: number): { erleDb: number; aecErleDb: number; convergenceMs: number } {
  const far = reads.filter((r) => r.t >= 0 && r.t < farMs);
  const late = far.filter((r) => r.t >= 2000);
  const ratio = (rs: EchoRead[], out: (r: EchoRead) => number): number =>
    db(rs.reduce((a, r) => a + r.micRms ** 2, 0) / rs.reduce((a, r) => a + out(r) ** 2 + 1e-15, 0));
  let convergenceMs = 0;
  for (let t = 0; t < farMs; t += 250) {
    const block = far.filter((r) => r.t >= t && r.t < t + 250 && r.micRms > 1e-3);
    if (block.length > 0 && ratio(block, (r) => r.aecRms) < 20) convergenceMs = t + 250;
  }
  return { erleDb: ratio(late, (r) => r.outRms), aecErleDb: ratio(late, (r) => r.aecRms), convergenceMs };
}

/** Gain of `ref` in `rec` (least squares at the best lag) and the windowed correlation there. */
function presence(ref: Float32Array, rec: Float32Array): { gain: number; ncc: number } {
  const { lag } = bestLag(ref, rec, 0);
  let dot = 0;
  let energy = 0;
  for (let i = 0; i < ref.length && lag + i < rec.length; i++) {
    dot += ref[i]! * rec[lag + i]!;
    energy += ref[i]! * ref[i]!;
  }
  return { gain: dot / energy, ncc: medianWindowCorrelation(ref, rec, lag, 2400, 24).median };
}

/** PulseAudio's module-echo-cancel on the same clips in the same room: its ERLE, and the user over the reply. */
async function pulseReference(server: PulseServer, far: SpeechClip, user: SpeechClip): Promise<{ erleDb: number; ncc: number; gain: number }> {
  const module = await server.pactl(
    'load-module',
    'module-echo-cancel',
    'source_master=mic',
    'sink_master=spk',
    'source_name=ec_src',
    'sink_name=ec_sink',
    'aec_method=webrtc',
    // Without the extended filter and drift compensation it took 2–5 dB out even with a linear, direct-only
    // echo path: the room's ≈ 100 ms delay is beyond the default filter, and the null sinks drift ≈ 340 ppm.
    'aec_args="analog_gain_control=0 digital_gain_control=0 noise_suppression=0 extended_filter=1 drift_compensation=1"',
  );
  try {
    const raw = server.record('mic');
    const cancelled = server.record('ec_src');
    await Promise.all([raw.ready, cancelled.ready]);
    await server.playIntoMic(far.raw, true, 'ec_sink');
    const [mic, out] = [toFloat(await raw.stop()), toFloat(await cancelled.stop())];
    // The same stretch of both: from 2 s into the clip to its end.
    const from = 2 * 24000;
    const to = Math.min(mic.length, out.length, Math.round((far.durationMs / 1000) * 24000));
    let pm = 0;
    let po = 0;
    for (let i = from; i < to; i++) {
      pm += mic[i]! ** 2;
      po += out[i]! ** 2;
    }
    // Double talk: the user 5 s into the reply, as for the engine's canceller.
    const over = server.record('ec_src');
    await over.ready;
    const userAt5s = new Promise<void>((resolve) => setTimeout(() => resolve(server.playIntoMic(user.wav)), 5000));
    await Promise.all([server.playIntoMic(far.raw, true, 'ec_sink'), userAt5s]);
    const dt = presence(toFloat(user.pcm), toFloat(await over.stop()));
    return { erleDb: db(pm / (po + 1e-15)), ...dt };
  } finally {
    await server.unloadModule(Number(module.trim()));
    // Loading the module made its sink and source the defaults, and unloading it leaves others in their place.
    await server.pactl('set-default-sink', 'spk');
    await server.pactl('set-default-source', 'mic');
  }
}

export async function runEchoBenchmarks(): Promise<Record<string, unknown>> {
  const server = await startPulse();
  const room = startRoom(server, { delayMs: 80 });
  const far = await speechPcm(
    'Here is the weather for the coming week. Monday starts cloudy with light rain in the afternoon, then Tuesday clears up and stays dry. Wednesday will be windy, with showers in the north.',
    { voice: 'en-us' },
  );
  const user = await speechPcm('Hold on what about the weekend', { voice: 'en-gb', padMs: 300 });
  const silence = await speechPcm('.', { padMs: far.durationMs });
  try {
    await room.ready;
    const erle: number[] = [];
    const aecErle: number[] = [];
    const convergence: number[] = [];
    const cpu: number[] = [];
    const ncc: number[] = [];
    const drop: number[] = [];
    const aecNcc: number[] = [];
    const aecDrop: number[] = [];
    const reference: number[] = [];
    const refNcc: number[] = [];
    const refDrop: number[] = [];
    const userRef = toFloat(user.pcm);
    for (let r = 0; r < RUNS; r++) {
      console.error(`echo: run ${r + 1} of ${RUNS}: the reply alone`);
      const farOnly = await echoProbe(server, far.raw);
      const e = erleOf(farOnly.reads, far.durationMs);
      erle.push(e.erleDb);
      aecErle.push(e.aecErleDb);
      convergence.push(e.convergenceMs);
      const span = farOnly.reads.at(-1)!.t - farOnly.reads[0]!.t;
      cpu.push((farOnly.reads.reduce((a, x) => a + x.cpuMs, 0) / span) * 100);
      // The user alone, then over the reply, 5 s in (after convergence).
      console.error(`echo: run ${r + 1} of ${RUNS}: the user alone, then over the reply`);
      const userAt5s = (): void => void setTimeout(() => void server.playIntoMic(user.wav), 5000);
      const alone = await echoProbe(server, silence.raw, userAt5s);
      const a = presence(userRef, toFloat(Buffer.from(alone.sent, 'base64')));
      for (const [gate, nccs, drops] of [[true, ncc, drop], [false, aecNcc, aecDrop]] as const) {
        const over = await echoProbe(server, far.raw, userAt5s, gate);
        const o = presence(userRef, toFloat(Buffer.from(over.sent, 'base64')));
        nccs.push(o.ncc);
        drops.push(20 * Math.log10(Math.abs(o.gain) / Math.abs(a.gain)));
      }
      console.error(`echo: run ${r + 1} of ${RUNS}: PulseAudio's module-echo-cancel`);
      const ref = await pulseReference(server, far, user).catch((error: unknown) => {
        console.error(`module-echo-cancel: ${String(error)}`);
        return { erleDb: NaN, ncc: NaN, gain: NaN };
      });
      reference.push(ref.erleDb);
      refNcc.push(ref.ncc);
      refDrop.push(20 * Math.log10(Math.abs(ref.gain) / Math.abs(a.gain)));
    }
    const probe = ProbeProcess.start({ mode: 'vad', halfDuplex: 'auto', lateDeltasMs: 200, replyVoice: far.raw }, server.env);
    let rounds: Record<string, unknown>;
    try {
      await within(probe.next('ready'), 20_000, 'the probe');
      console.error('echo: hands-free, ten replies, then ten talked over');
      const quiet = await quietReplies(probe, 10);
      const talked = await bargeIns(probe, server, user, 10);
      rounds = {
        falseBargeIns: `${quiet.selfInterruptions} of 10 replies`,
        realBargeIns: `${talked.interrupted} of 10 replies`,
        selfInterruptionsOfRepliesToTheUser: `${talked.speechStarts - 10} of 10`,
        heardUserNcc: stats(talked.heardUser),
      };
    } catch (error) {
      // A reply that interrupted itself before the user spoke derails the rounds: that is a finding too.
      rounds = { error: String(error) };
    } finally {
      await probe.quit();
    }
    return {
      runs: RUNS,
      room: '80 ms + pipes (≈ 100 ms measured), reflections, RT60 0.3 s, −6 dB, soft-clipping speaker',
      erleDb: stats(erle),
      aec3AloneErleDb: stats(aecErle),
      convergenceMs: stats(convergence),
      doubleTalk: { sentVsUserNcc: stats(ncc), userLevelDropDb: stats(drop) },
      doubleTalkAec3Alone: { sentVsUserNcc: stats(aecNcc), userLevelDropDb: stats(aecDrop) },
      pulseaudioModuleEchoCancel: {
        erleDb: stats(reference),
        doubleTalk: { sentVsUserNcc: stats(refNcc), userLevelDropDb: stats(refDrop) },
      },
      cancellerCpuPercentOfOneCore: stats(cpu),
      handsFree: rounds,
    };
  } finally {
    await room.stop().catch(() => undefined);
    await server.stop();
    await Promise.all([far.cleanup(), user.cleanup(), silence.cleanup()]);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) console.log(JSON.stringify(await runEchoBenchmarks(), null, 2));
