// Notices when PulseAudio (or PipeWire's pulse server) moves our output off the sink it was playing on
// because that sink went away (headset unplugged, module unloaded). The server rescues the stream onto
// the default sink by itself, so PortAudio never sees an error and keeps playing; this watcher is the
// only way the app learns that its chosen device is gone. It uses `pactl subscribe` and `pactl list
// sink-inputs`; without pactl (or without a pulse server) it quietly does nothing.
import { execFile, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';

export interface RouteWatcher {
  /** Call after an output stream started: remembers which sink our stream plays on. */
  streamStarted(): void;
  /** Call when our output stream closed. */
  streamStopped(): void;
  /** `cb` runs when the sink our stream played on is removed. Returns an unsubscribe function. */
  onLost(cb: (detail: { sink: string }) => void): () => void;
  close(): void;
}

interface SinkInput {
  index: number;
  sink: number;
  pid: number | null;
}

/** Parses `pactl list sink-inputs` (text form, stable across PulseAudio 13–17 and pipewire-pulse). */
export function parseSinkInputs(text: string): SinkInput[] {
  const out: SinkInput[] = [];
  for (const block of text.split(/^Sink Input #/m).slice(1)) {
    const index = Number(block.match(/^(\d+)/)?.[1]);
    const sink = Number(block.match(/^\s*Sink:\s*(\d+)/m)?.[1]);
    const pid = block.match(/application\.process\.id\s*=\s*"(\d+)"/)?.[1];
    if (Number.isInteger(index) && Number.isInteger(sink)) out.push({ index, sink, pid: pid ? Number(pid) : null });
  }
  return out;
}

/** Sink index from a `pactl subscribe` line about a removed sink, else null. */
export function parseSinkRemoval(line: string): number | null {
  const m = line.match(/^Event 'remove' on sink #(\d+)/);
  return m ? Number(m[1]) : null;
}

export function pulseRouteWatcher(env: NodeJS.ProcessEnv = process.env, pid = process.pid): RouteWatcher | null {
  let sub: ChildProcess;
  try {
    sub = spawn('pactl', ['subscribe'], { env, stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return null;
  }
  const listeners = new Set<(detail: { sink: string }) => void>();
  let ourSinks = new Set<number>();
  let generation = 0;
  let closed = false;
  sub.on('error', () => {
    closed = true; // no pactl: stay inert
  });
  sub.unref();
  (sub.stdout as NodeJS.ReadableStream & { unref?: () => void } | null)?.on('data', (d: Buffer) => {
    for (const line of d.toString().split('\n')) {
      const removed = parseSinkRemoval(line);
      if (removed !== null && ourSinks.has(removed)) {
        ourSinks.delete(removed);
        for (const cb of listeners) cb({ sink: `#${removed}` });
      }
    }
  });
  // The pipe must not keep the process alive either.
  (sub.stdout as unknown as { unref?: () => void })?.unref?.();

  const refresh = (): void => {
    const gen = ++generation;
    execFile('pactl', ['list', 'sink-inputs'], { env, timeout: 5000 }, (error, stdout) => {
      if (error || gen !== generation || closed) return;
      ourSinks = new Set(parseSinkInputs(stdout).filter((s) => s.pid === pid).map((s) => s.sink));
    });
  };

  return {
    streamStarted: refresh,
    streamStopped: () => {
      generation++;
      ourSinks = new Set();
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
