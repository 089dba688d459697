// Notices when PulseAudio (or PipeWire's pulse server) moves one of our streams off the device it was on
// because that device went away (headset unplugged, module unloaded): an output off its sink, or a capture
// off its source. The server rescues the stream onto the default device by itself, so PortAudio never sees
// an error and keeps going; this watcher is the only way the app learns that its chosen device is gone. It
// uses `pactl subscribe` and `pactl list sink-inputs` / `source-outputs`; without pactl (or without a pulse
// server) it quietly does nothing.
import { execFile, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';

export interface RouteWatcher {
  /** Call after a stream of this kind started: remembers which device our streams are on. */
  streamStarted(): void;
  /** Call when our stream closed. */
  streamStopped(): void;
  /** `cb` runs when the device our stream was on is removed. Returns an unsubscribe function. */
  onLost(cb: (detail: { device: string }) => void): () => void;
  close(): void;
}

/** Output streams are sink inputs on sinks; capture streams are source outputs on sources. */
export type RouteKind = 'output' | 'input';

const PULSE = {
  output: { list: 'sink-inputs', header: /^Sink Input #/m, device: /^\s*Sink:\s*(\d+)/m, removal: /^Event 'remove' on sink #(\d+)/ },
  input: { list: 'source-outputs', header: /^Source Output #/m, device: /^\s*Source:\s*(\d+)/m, removal: /^Event 'remove' on source #(\d+)/ },
} as const;

interface PulseStream {
  index: number;
  /** Index of the sink (output) or source (input) it is on. */
  device: number;
  pid: number | null;
}

/** Parses `pactl list sink-inputs` or `source-outputs` (text form, stable across PulseAudio 13–17 and pipewire-pulse). */
export function parseStreams(text: string, kind: RouteKind = 'output'): PulseStream[] {
  const out: PulseStream[] = [];
  for (const block of text.split(PULSE[kind].header).slice(1)) {
    const index = Number(block.match(/^(\d+)/)?.[1]);
    const device = Number(block.match(PULSE[kind].device)?.[1]);
    const pid = block.match(/application\.process\.id\s*=\s*"(\d+)"/)?.[1];
    if (Number.isInteger(index) && Number.isInteger(device)) out.push({ index, device, pid: pid ? Number(pid) : null });
  }
  return out;
}

/** Device index from a `pactl subscribe` line about a removed sink (output) or source (input), else null. */
export function parseRemoval(line: string, kind: RouteKind = 'output'): number | null {
  const m = line.match(PULSE[kind].removal);
  return m ? Number(m[1]) : null;
}

export function pulseRouteWatcher(env: NodeJS.ProcessEnv = process.env, pid = process.pid, kind: RouteKind = 'output'): RouteWatcher | null {
  let sub: ChildProcess;
  try {
    sub = spawn('pactl', ['subscribe'], { env, stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return null;
  }
  const listeners = new Set<(detail: { device: string }) => void>();
  let ours = new Set<number>();
  let generation = 0;
  let closed = false;
  sub.on('error', () => {
    closed = true; // no pactl: stay inert
  });
  sub.unref();
  (sub.stdout as NodeJS.ReadableStream & { unref?: () => void } | null)?.on('data', (d: Buffer) => {
    for (const line of d.toString().split('\n')) {
      const removed = parseRemoval(line, kind);
      if (removed !== null && ours.has(removed)) {
        ours.delete(removed);
        for (const cb of listeners) cb({ device: `#${removed}` });
      }
    }
  });
  // The pipe must not keep the process alive either.
  (sub.stdout as unknown as { unref?: () => void })?.unref?.();

  const refresh = (): void => {
    const gen = ++generation;
    execFile('pactl', ['list', PULSE[kind].list], { env, timeout: 5000 }, (error, stdout) => {
      if (error || gen !== generation || closed) return;
      ours = new Set(parseStreams(stdout, kind).filter((s) => s.pid === pid).map((s) => s.device));
    });
  };

  return {
    streamStarted: refresh,
    streamStopped: () => {
      generation++;
      ours = new Set();
    },
    onLost(cb) {
      listeners.add(cb);
      return () => listeners.delete(cb);
    },
    close() {
      closed = true;
      listeners.clear();
      if (sub.exitCode === null && sub.signalCode === null) sub.kill();
    },
  };
}
