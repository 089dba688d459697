// Child process that runs the real audio engine for the tests, so PortAudio starts with the private
// PulseAudio's env (it reads ALSA config and the server address when it initialises), its printf noise and
// any native hang stay out of the test runner, and memory/handle figures are this process's alone.
// Speaks request/response over the IPC channel; engine events are forwarded as { event, name, args }.
import { readdirSync } from 'node:fs';
import { AudioCapture } from '../../src/main/audio/capture/capture';
import { listDevices, resolveDevice } from '../../src/main/audio/devices';
import { AudioPlayback } from '../../src/main/audio/playback/speaker';
import type { PlaybackOptions } from '../../src/main/audio/playback/speaker';
import { pulseRouteWatcher } from '../../src/main/audio/pulse-route-watch';
import type { RouteWatcher } from '../../src/main/audio/pulse-route-watch';
import type { Level } from '../../src/shared/domain';

interface Request {
  id: number;
  op: string;
  args: Record<string, unknown>;
}

const send = (msg: object): void => void process.send?.(msg);
const event = (name: string, ...args: unknown[]): void => send({ event: true, name, args: args.map(plain) });
const plain = (x: unknown): unknown => (x instanceof Error ? { name: x.name, message: x.message, kind: (x as { kind?: string }).kind } : x);
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

let capture: AudioCapture | null = null;
let frames: Buffer[] = [];
let levels: Level[] = [];
let playback: AudioPlayback | null = null;
let watcher: RouteWatcher | null = null;

function stats(): { rss: number; heapUsed: number; handles: number; fds: number } {
  // Timers and the IPC pipe come and go; count what a leak would leave: handles by kind minus timers.
  const handles = process.getActiveResourcesInfo().filter((r) => r !== 'Timeout' && r !== 'Immediate').length;
  return { rss: process.memoryUsage().rss, heapUsed: process.memoryUsage().heapUsed, handles, fds: readdirSync('/proc/self/fd').length };
}

function take(): { pcm: Buffer; frameSizes: number[]; frames: number; levels: Level[] } {
  const out = { pcm: Buffer.concat(frames), frameSizes: [...new Set(frames.map((f) => f.length))], frames: frames.length, levels };
  frames = [];
  levels = [];
  return out;
}

function newPlayback(opts: PlaybackOptions & { routeWatch?: boolean }): AudioPlayback {
  const { routeWatch, ...rest } = opts;
  watcher?.close();
  watcher = routeWatch ? pulseRouteWatcher() : null;
  const p = new AudioPlayback({ ...rest, routeWatcher: watcher ?? undefined });
  p.on('started', (id) => event('playback:started', id));
  p.on('idle', () => event('playback:idle'));
  p.on('error', (e) => event('playback:error', e));
  p.on('fallback', (f) => event('playback:fallback', f));
  return p;
}

async function startCapture(deviceId: string | null): Promise<AudioCapture> {
  const c = await AudioCapture.start({ deviceId }, (f) => event('capture:fallback', f));
  c.on('frame', (f) => frames.push(f));
  c.on('level', (l) => levels.push(l));
  c.on('error', (e) => event('capture:error', e));
  return c;
}

/** Streams `pcm` in `chunkBytes` deltas every `intervalMs`, like a server's audio deltas. */
async function stream(p: AudioPlayback, a: Record<string, unknown>): Promise<object> {
  const pcm = a.pcm as Buffer;
  const itemId = a.itemId as string;
  const chunkBytes = (a.chunkBytes as number) ?? 4800;
  const intervalMs = (a.intervalMs as number) ?? 100;
  const stopAfterMs = a.stopAfterMs as number | undefined;
  /** How far ahead of real time the deltas come, as a real service's do (0: strictly real time). */
  const aheadMs = (a.aheadMs as number) ?? 0;
  const t0 = performance.now();
  let sent = 0;
  for (let off = 0; off < pcm.length; off += chunkBytes) {
    p.play(itemId, pcm.subarray(off, off + chunkBytes));
    sent++;
    // Pace against the start time so delivery keeps real time on average, as a server's would.
    const due = t0 + sent * intervalMs - aheadMs;
    while (performance.now() < due) {
      if (stopAfterMs !== undefined && performance.now() - t0 >= stopAfterMs) break;
      await sleep(Math.min(5, due - performance.now()));
    }
    if (stopAfterMs !== undefined && performance.now() - t0 >= stopAfterMs) {
      const playedAtStop = p.playedMs(itemId);
      const ts = performance.now();
      await p.stop();
      return { stopped: true, playedAtStop, playedAfterStop: p.playedMs(itemId), stopCloseMs: performance.now() - ts };
    }
  }
  p.endItem(itemId);
  return { stopped: false };
}

async function cycles(kind: string, n: number): Promise<object> {
  const before = stats();
  const timesMs: number[] = [];
  const failures: string[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    if (kind === 'capture') {
      const c = await AudioCapture.start();
      await new Promise<void>((resolve) => c.once('frame', () => resolve()));
      await c.stop();
    } else {
      const p = new AudioPlayback();
      const errors: string[] = [];
      p.on('error', (e) => errors.push(e.message));
      const idle = new Promise<void>((resolve) => p.once('idle', () => resolve()));
      p.play(`c${i}`, Buffer.alloc(4800, 1)); // 100 ms
      if (i % 2) p.endItem(`c${i}`); // half play out, half are stopped mid-way
      else await new Promise<void>((resolve) => p.once('started', () => resolve()));
      if (i % 2 === 0) await p.stop();
      await idle;
      await p.close();
      failures.push(...errors);
    }
    timesMs.push(performance.now() - t);
  }
  // Give finished native work a moment to release its memory before measuring.
  global.gc?.();
  return { before, after: stats(), timesMs, failures };
}

async function handle(req: Request): Promise<unknown> {
  const a = req.args;
  switch (req.op) {
    case 'devices':
      return listDevices();
    case 'resolve':
      return resolveDevice((a.id as string | null) ?? null, a.kind as 'input' | 'output');
    case 'stats':
      return stats();
    case 'capture.start':
      frames = [];
      levels = [];
      capture = await startCapture((a.deviceId as string | null) ?? null);
      return { format: capture.format, device: capture.device };
    case 'capture.take':
      return take();
    case 'capture.waitBytes': {
      // Resolves once this many bytes of frames have arrived (event-driven), then hands them over.
      const want = a.bytes as number;
      const c = capture!;
      await new Promise<void>((resolve, reject) => {
        const total = (): number => frames.reduce((n, f) => n + f.length, 0);
        if (total() >= want) return resolve();
        const timer = setTimeout(() => {
          c.off('frame', on);
          reject(new Error(`only ${total()} of ${want} bytes captured`));
        }, (a.timeoutMs as number) ?? 30_000);
        const on = (): void => {
          if (total() < want) return;
          clearTimeout(timer);
          c.off('frame', on);
          resolve();
        };
        c.on('frame', on);
      });
      return take();
    }
    case 'capture.stop': {
      const t = performance.now();
      await capture?.stop();
      capture = null;
      return { stopMs: performance.now() - t };
    }
    case 'playback.create':
      await playback?.close();
      playback = newPlayback(a as PlaybackOptions & { routeWatch?: boolean });
      return null;
    case 'playback.play':
      playback!.play(a.itemId as string, a.pcm as Buffer);
      return null;
    case 'playback.end':
      playback!.endItem(a.itemId as string);
      return null;
    case 'playback.stream':
      return stream(playback!, a);
    case 'playback.stats':
      return { ...playback!.stats };
    case 'playback.playedMs':
      return playback!.playedMs(a.itemId as string);
    case 'playback.setVolume':
      playback!.setVolume(a.volume as number);
      return null;
    case 'playback.stop':
      await playback!.stop();
      return null;
    case 'playback.close':
      await playback?.close();
      playback = null;
      return null;
    case 'cycles':
      return cycles(a.kind as string, a.n as number);
    case 'block': {
      // Holds this process's event loop, as a long GC pause or a slow handler would.
      const until = performance.now() + (a.ms as number);
      while (performance.now() < until);
      return null;
    }
    case 'exit':
      setImmediate(() => process.exit(0));
      return null;
    default:
      throw new Error(`unknown op ${req.op}`);
  }
}

process.on('message', (req: Request) => {
  handle(req).then(
    (result) => send({ id: req.id, ok: true, result }),
    (error: unknown) => send({ id: req.id, ok: false, error: error instanceof Error ? error.message : String(error) }),
  );
});
send({ ready: true });
