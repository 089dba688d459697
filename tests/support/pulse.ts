// A private PulseAudio server for real-audio tests and benchmarks: a virtual speaker (`spk`, the default
// sink), a virtual microphone (`mic`, fed by whatever is played into the `micfeed` sink), optional extra
// sinks, and an ALSA config with named PCMs so PortAudio lists them as devices.
//
// PortAudio reads the ALSA config and alsa-lib/libpulse read their env when a stream or device list is
// opened, so the code under test must run with `server.env`: either in a child process spawned with it
// (preferred; see audio-child.ts) or in a process whose env was set before any audio module was used.
// The server is stopped by the pid in its own runtime dir, never by name; helper processes (keep-alive
// players, recorders) are killed by their own handles.
import { spawn, execFile } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, mkdir, writeFile, readFile, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

export interface PulseOptions {
  /** Extra null sinks to create besides `spk` and `micfeed`. */
  extraSinks?: string[];
  /**
   * Keep every null sink running in 20 ms blocks with a low-latency reader on its monitor (default true).
   * An idle null sink sleeps in 2 s blocks and ignores latency requests until it wakes: a capture opened
   * on it then waits up to 2 s for its first data, and closing an output waits as long for its last
   * callback. Real sound cards run continuously, so an awake sink is the closer model.
   */
  keepAwake?: boolean;
  /** Named ALSA PCMs: PCM name → PulseAudio sink or source name. */
  alsaPcms?: Record<string, string>;
}

export interface TimedChunk {
  /** performance.now() when the chunk arrived from parec. */
  at: number;
  data: Buffer;
}

export interface Recorder {
  /** Chunks as they arrived; their concatenation is the recording. */
  readonly chunks: TimedChunk[];
  /** Resolves once parec has delivered its first bytes (the recorder is live). */
  ready: Promise<void>;
  /** Bytes recorded so far. */
  bytes(): number;
  /** Resolves once `test(chunks)` holds, re-checked as each chunk arrives; rejects after `timeoutMs`. */
  waitUntil(test: (chunks: TimedChunk[]) => boolean, timeoutMs?: number): Promise<void>;
  /** Resolves at the first chunk whose peak reaches `threshold` (0..32767), with its timing. */
  waitForSound(threshold?: number, timeoutMs?: number): Promise<{ at: number; sampleIndex: number }>;
  /**
   * performance.now() at which sample `index` reached the monitor, estimated as the earliest arrival any
   * chunk implies for it (the lower envelope of arrival time minus the audio still behind the sample), so
   * delivery jitter drops out; parec's own ~20 ms fragment latency may remain.
   */
  timeOfSample(index: number): number;
  /** Stops parec and returns everything recorded (24 kHz s16le mono unless told otherwise). */
  stop(): Promise<Buffer>;
}

export interface PulseServer {
  runtimeDir: string;
  /** Env for processes that use this server (includes the current env). */
  env: NodeJS.ProcessEnv;
  pactl(...args: string[]): Promise<string>;
  /**
   * Plays a file (wav, or raw 24 kHz s16le mono with `raw`) into the virtual microphone (or into `sink`, for a
   * microphone made of another sink's monitor); resolves when done.
   */
  playIntoMic(file: string, raw?: boolean, sink?: string): Promise<void>;
  /** Starts recording a source (default `spk.monitor`) as raw s16le mono at `rate` (default 24000). */
  record(source?: string, rate?: number): Recorder;
  /** Loads a null sink; returns its module index. */
  loadSink(name: string): Promise<number>;
  unloadModule(index: number): Promise<void>;
  /** Module index of the null sink with this name, or undefined. */
  sinkModule(name: string): Promise<number | undefined>;
  /** Adds a named ALSA PCM (→ sink or source) to the config file processes using `env` read. */
  addAlsaPcm(name: string, device: string): Promise<void>;
  /** The sound server's process and its recorders', e.g. to stop them all as a stalled machine would. */
  processIds(): Promise<number[]>;
  stop(): Promise<void>;
}

function runWithEnv(cmd: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs = 15_000): Promise<string> {
  return execFileAsync(cmd, args, { env, timeout: timeoutMs }).then((r) => r.stdout);
}

function alsaConfig(pcms: Record<string, string>): string {
  return Object.entries(pcms)
    .map(([name, device]) => {
      if (!/^[A-Za-z][\w-]*$/.test(name) || !/^[\w.-]+$/.test(device)) throw new Error(`bad PCM ${name}`);
      return `pcm.${name} {\n  type pulse\n  device ${device}\n  hint { show on description "${name}" }\n}\n`;
    })
    .join('');
}

export async function startPulse(opts: PulseOptions = {}): Promise<PulseServer> {
  const root = await mkdtemp(join(tmpdir(), 'va-pulse-'));
  const runtimeDir = join(root, 'run');
  const configHome = join(root, 'config');
  await mkdir(runtimeDir, { mode: 0o700 });
  await mkdir(join(configHome, 'alsa'), { recursive: true });
  // alsa.conf loads $XDG_CONFIG_HOME/alsa/asoundrc, so named PCMs need no change of HOME.
  const pcms: Record<string, string> = { ...(opts.alsaPcms ?? {}) };
  const asoundrc = join(configHome, 'alsa', 'asoundrc');
  await writeFile(asoundrc, alsaConfig(pcms));
  const script = [
    'load-module module-native-protocol-unix',
    'load-module module-null-sink sink_name=spk sink_properties=device.description=VirtualSpeaker',
    'load-module module-null-sink sink_name=micfeed sink_properties=device.description=MicFeed',
    'load-module module-virtual-source source_name=mic master=micfeed.monitor',
    ...(opts.extraSinks ?? []).map((s) => `load-module module-null-sink sink_name=${s} sink_properties=device.description=${s}`),
    'set-default-sink spk',
    'set-default-source mic',
    '',
  ].join('\n');
  await writeFile(join(runtimeDir, 'va.pa'), script);

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    XDG_RUNTIME_DIR: runtimeDir,
    XDG_CONFIG_HOME: configHome,
    PULSE_SERVER: `unix:${join(runtimeDir, 'pulse', 'native')}`,
  };
  delete env.PULSE_SINK;
  delete env.PULSE_SOURCE;
  // The daemon itself must not try to reach another server.
  const daemonEnv = { ...env };
  delete daemonEnv.PULSE_SERVER;
  // stdio is ignored: the daemonised child would otherwise hold our pipes open.
  await new Promise<void>((resolve, reject) => {
    const p = spawn(
      'pulseaudio',
      ['-D', '--exit-idle-time=-1', '--disallow-exit', '-n', '--log-level=error', '-F', join(runtimeDir, 'va.pa')],
      { env: daemonEnv, stdio: 'ignore' },
    );
    p.once('error', reject);
    p.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`pulseaudio -D exited with ${code}`))));
  });
  // -D returns once the daemon is up; confirm the socket answers before handing it out.
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      await runWithEnv('pactl', ['info'], env, 5_000);
      break;
    } catch (err) {
      if (Date.now() > deadline) throw new Error(`private PulseAudio did not answer: ${String(err)}`, { cause: err });
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  const recorders = new Set<ChildProcess>();
  const pactl = (...args: string[]): Promise<string> => runWithEnv('pactl', args, env);
  const keepAwake = opts.keepAwake ?? true;
  const wake = async (sink: string): Promise<void> => {
    if (!keepAwake) return;
    // A low-latency reader on the monitor keeps the sink rendering in 20 ms blocks. (Playing silence into
    // the sink would too, but a second stream on the sink makes PulseAudio rewind when ours joins, which
    // cut the start of our audio and caused dropouts in measurements.)
    const reader = startRecorder(env, `${sink}.monitor`, 24000, recorders, false);
    // Awake once the monitor delivers promptly: three deliveries within 100 ms.
    await reader.waitUntil((c) => c.length >= 3 && c[c.length - 1]!.at - c[c.length - 3]!.at < 100, 10_000);
  };
  await Promise.all(['spk', 'micfeed', ...(opts.extraSinks ?? [])].map(wake));

  const server: PulseServer = {
    runtimeDir,
    env,
    pactl,
    async playIntoMic(file, raw = false, sink = 'micfeed') {
      const args = [`--device=${sink}`];
      if (raw) args.push('--raw', '--format=s16le', '--rate=24000', '--channels=1');
      await runWithEnv('paplay', [...args, file], env, 120_000);
    },
    record(source = 'spk.monitor', rate = 24000) {
      return startRecorder(env, source, rate, recorders);
    },
    async loadSink(name) {
      const out = await pactl('load-module', 'module-null-sink', `sink_name=${name}`, `sink_properties=device.description=${name}`);
      await wake(name);
      return Number(out.trim());
    },
    async unloadModule(index) {
      await pactl('unload-module', String(index));
    },
    async addAlsaPcm(name, device) {
      pcms[name] = device;
      // alsa-lib notices a changed config by device, inode and mtime in whole seconds: a new inode
      // (write + rename) is noticed even within the same second.
      await writeFile(`${asoundrc}.new`, alsaConfig(pcms));
      await rename(`${asoundrc}.new`, asoundrc);
    },
    async sinkModule(name) {
      const out = await pactl('list', 'short', 'modules');
      for (const line of out.split('\n')) {
        const [idx, mod, args] = line.split('\t');
        if (mod === 'module-null-sink' && args?.split(/\s+/).includes(`sink_name=${name}`)) return Number(idx);
      }
      return undefined;
    },
    async processIds() {
      const daemon = Number((await readFile(join(runtimeDir, 'pulse', 'pid'), 'utf8')).trim());
      return [daemon, ...[...recorders].map((r) => r.pid).filter((p): p is number => p !== undefined)];
    },
    async stop() {
      for (const r of recorders) r.kill('SIGKILL');
      let pid: number | undefined;
      try {
        pid = Number((await readFile(join(runtimeDir, 'pulse', 'pid'), 'utf8')).trim());
      } catch {
        pid = undefined;
      }
      if (pid && Number.isInteger(pid) && pid > 1) {
        try {
          process.kill(pid, 'SIGTERM');
          const until = Date.now() + 5_000;
          while (alive(pid) && Date.now() < until) await new Promise((r) => setTimeout(r, 25));
          if (alive(pid)) process.kill(pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
      await rm(root, { recursive: true, force: true });
    },
  };
  return server;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function startRecorder(
  env: NodeJS.ProcessEnv,
  source: string,
  rate: number,
  live: Set<ChildProcess>,
  keep = true,
): Recorder {
  const proc = spawn(
    'parec',
    [`--device=${source}`, '--format=s16le', `--rate=${rate}`, '--channels=1', '--raw', '--latency-msec=20'],
    { env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  live.add(proc);
  const chunks: TimedChunk[] = [];
  let total = 0;
  let stderr = '';
  const listeners = new Set<() => void>();
  let resolveReady!: () => void;
  let rejectReady!: (e: Error) => void;
  const ready = new Promise<void>((res, rej) => {
    resolveReady = res;
    rejectReady = rej;
  });
  ready.catch(() => undefined); // only callers that await it care; a reader whose sink is unloaded just ends
  proc.stdout!.on('data', (data: Buffer) => {
    // A keep-awake reader only remembers recent arrivals (for waitUntil), not the audio.
    if (!keep && chunks.length >= 8) chunks.shift();
    chunks.push({ at: performance.now(), data });
    total += data.length;
    resolveReady();
    for (const l of listeners) l();
  });
  proc.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((res) => proc.once('exit', () => res()));
  proc.once('exit', (code) => {
    live.delete(proc);
    rejectReady(new Error(`parec exited (${code}) before recording: ${stderr.trim()}`));
  });

  return {
    chunks,
    ready,
    bytes: () => total,
    waitUntil(test, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = (): void => {
          if (!test(chunks)) return;
          cleanup();
          resolve();
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`condition on ${source} not met within ${timeoutMs} ms`));
        }, timeoutMs);
        const cleanup = (): void => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
        check();
      });
    },
    timeOfSample(index) {
      let cum = 0;
      let best = Infinity;
      for (const c of chunks) {
        cum += c.data.length >> 1;
        if (cum > index) best = Math.min(best, c.at - ((cum - 1 - index) / rate) * 1000);
      }
      return best;
    },
    waitForSound(threshold = 1000, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        let scanned = 0; // chunks already examined
        let sampleBase = 0;
        const check = (): void => {
          for (; scanned < chunks.length; scanned++) {
            const c = chunks[scanned]!;
            for (let i = 0; i + 1 < c.data.length; i += 2) {
              if (Math.abs(c.data.readInt16LE(i)) >= threshold) {
                cleanup();
                resolve({ at: c.at, sampleIndex: sampleBase + i / 2 });
                return;
              }
            }
            sampleBase += c.data.length >> 1;
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`no sound above ${threshold} on ${source} within ${timeoutMs} ms`));
        }, timeoutMs);
        const cleanup = (): void => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
        check();
      });
    },
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) {
        proc.kill('SIGTERM');
        await exited;
      }
      return Buffer.concat(chunks.map((c) => c.data));
    },
  };
}
