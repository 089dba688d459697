// A simulated room for echo-cancellation tests and benchmarks, on the private PulseAudio of pulse.ts: what
// the app plays to the virtual speaker (`spk`) comes back into the virtual microphone (`mic`, the monitor of
// `micfeed`) through an echo path (echo-path.ts): delayed, attenuated, with early reflections, a short
// small-room reverberation and a little loudspeaker distortion, as from a laptop's speakers to its mic.
//
//   app ─▶ spk ─▶ spk.monitor ─▶ parec ─▶ EchoPath ─▶ pacat ─▶ micfeed ─▶ mic ─▶ app
//                                                               ▲
//                                        near-end speech ───────┘ server.playIntoMic(file)
//
// The near-end speech of a double-talk test is played into `micfeed` separately; PulseAudio mixes it with
// the echo, as air mixes a talker with the loudspeaker's sound.
//
// The echo arrives later than `delayMs`: parec's and pacat's own buffering (10 ms latency requested from
// each, plus the sink's block size and the event loop) add roughly another 20–40 ms, and the total is not
// fixed from run to run. The room runs on this process's event loop: when the loop stalls (a test's FFT, a
// garbage collection), parec's audio queues up and would arrive late all at once, and passing it on would add
// the stall to the echo's delay for good (measured: 89 ms grew to 390 ms after one long correlation). So when a
// chunk begins more than STALE_MS later than its sample count says, its samples that are later than usual are
// dropped, as a stalled room would lose them, and the delay comes back. The benchmark measures the real total
// by correlation rather than trusting the option.
//
// Both processes are stopped by their own handles, never by name. Stop the room before the server: a room
// whose parec or pacat went away on its own reports it from stop().
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { EchoPath, type EchoPathOptions } from './echo-path';
import type { PulseServer } from './pulse';

export interface Room {
  /** Resolves once parec has delivered its first bytes; rejects if parec or pacat fails before that. */
  ready: Promise<void>;
  /** bytes processed */
  bytes(): number;
  /** Stops parec and pacat; rejects if either had exited or failed on its own before. */
  stop(): Promise<void>;
}

export type RoomOptions = EchoPathOptions & {
  /** What the app plays, as heard by the room (default 'spk.monitor'). */
  source?: string;
  /** Where the echo goes (default 'micfeed', which the virtual mic records). */
  sink?: string;
};

const STREAM = ['--format=s16le', '--rate=24000', '--channels=1', '--raw', '--latency-msec=10'];
const KILL_GRACE_MS = 2000;
/** Lateness beyond the usual that marks a stall (measured: blocks arrive within 8 ms of the usual). */
const STALE_MS = 50;
/** The usual lateness may creep up this much per ms (1000 ppm: the sound card's clock against ours). */
const DRIFT = 0.001;
const BYTES_PER_MS = 48;
const STDERR_KEEP = 4000;

/** Resolves once the process is gone, or never started ('close' comes in both cases, after its stdio closed). */
function gone(proc: ChildProcess): Promise<void> {
  return new Promise((resolve) => proc.once('close', () => resolve()));
}

function terminate(proc: ChildProcess): void {
  if (proc.pid === undefined || proc.exitCode !== null || proc.signalCode !== null) return;
  proc.kill('SIGTERM');
  // pacat or parec stuck in a blocking call to a wedged server would not act on SIGTERM.
  const force = setTimeout(() => proc.kill('SIGKILL'), KILL_GRACE_MS);
  proc.once('close', () => clearTimeout(force));
}

export function startRoom(server: PulseServer, opts: RoomOptions = {}): Room {
  const { source = 'spk.monitor', sink = 'micfeed', ...pathOptions } = opts;
  // Built first: invalid options throw here, before any process exists.
  const path = new EchoPath(pathOptions);

  const rec = spawn('parec', [`--device=${source}`, ...STREAM], { env: server.env, stdio: ['ignore', 'pipe', 'pipe'] });
  const play = spawn('pacat', ['--playback', `--device=${sink}`, ...STREAM], {
    env: server.env,
    stdio: ['pipe', 'ignore', 'pipe'],
  });
  const recGone = gone(rec);
  const playGone = gone(play);
  const recOut = rec.stdout!;
  const playIn = play.stdin!;

  let stopping = false;
  let failure: Error | undefined;
  let processed = 0;
  let waitingForDrain = false;
  let resolveReady!: () => void;
  let rejectReady!: (e: Error) => void;
  const ready = new Promise<void>((res, rej) => {
    resolveReady = res;
    rejectReady = rej;
  });
  ready.catch(() => undefined); // reported by stop() too; not every caller awaits ready

  const fail = (err: Error): void => {
    if (stopping) return;
    failure ??= err;
    rejectReady(err);
  };

  const watch = (proc: ChildProcess, name: string): void => {
    let stderr = '';
    proc.stderr!.on('data', (d: Buffer) => {
      if (stderr.length < STDERR_KEEP) stderr += d.toString();
    });
    proc.once('error', (err) => fail(new Error(`${name} could not run: ${err.message}`, { cause: err })));
    proc.once('close', (code, signal) => fail(new Error(`${name} exited (${code ?? signal}): ${stderr.trim()}`)));
  };
  watch(rec, 'parec');
  watch(play, 'pacat');

  // How late a chunk's last sample arrives against the time the count of samples says it was recorded (up
  // to a constant): the least seen, following a slow clock drift up, is the usual.
  let usualLateness = Infinity;
  let lastArrival = 0;
  const onData = (chunk: Buffer): void => {
    const start = processed;
    processed += chunk.length;
    resolveReady();
    const now = performance.now();
    usualLateness = Math.min(now - processed / BYTES_PER_MS, usualLateness + DRIFT * (now - lastArrival));
    lastArrival = now;
    // The path runs on every sample, so the echo stays aligned with the stream even where it is dropped.
    let echo = path.process(chunk);
    // After a stall the queued audio comes in a burst: its samples later than usual are dropped.
    if (now - start / BYTES_PER_MS - usualLateness > STALE_MS) {
      const stale = Math.floor((now - usualLateness) * BYTES_PER_MS) - start;
      echo = echo.subarray(Math.min(echo.length, stale & ~1));
    }
    if (echo.length === 0 || !playIn.writable) return;
    if (!playIn.write(echo) && !waitingForDrain) {
      // pacat is behind: hold parec back rather than queue audio here without bound (parec's own buffer
      // and PulseAudio absorb the pause, and drop audio if it lasts, as a real capture would).
      waitingForDrain = true;
      recOut.pause();
      playIn.once('drain', () => {
        waitingForDrain = false;
        if (!stopping) recOut.resume();
      });
    }
  };
  recOut.on('data', onData);
  recOut.on('error', (err) => fail(new Error(`parec's output failed: ${err.message}`, { cause: err })));
  playIn.on('error', (err: NodeJS.ErrnoException) => {
    // EPIPE means pacat is gone; its 'close' says why, with its stderr.
    if (err.code !== 'EPIPE') fail(new Error(`pacat's input failed: ${err.message}`, { cause: err }));
  });

  let stopped: Promise<void> | undefined;
  return {
    ready,
    bytes: () => processed,
    stop() {
      stopped ??= (async () => {
        stopping = true;
        rejectReady(new Error('room stopped before parec delivered audio'));
        recOut.off('data', onData);
        terminate(rec);
        terminate(play);
        await Promise.all([recGone, playGone]);
        if (failure) throw failure;
      })();
      return stopped;
    },
  };
}
