// A bare `ws` client for simulator tests: records every frame and waits on events, never on time.
import WebSocket, { type ClientOptions } from 'ws';

export type Frame = Record<string, unknown> & { type: string };
type Match = string | ((e: Frame) => boolean);

const WAIT_MS = 20_000;

interface Waiter {
  from: number;
  match: (e: Frame) => boolean;
  resolve: (e: Frame) => void;
}

export class SimClient {
  readonly frames: Frame[] = [];
  /** Text frames that were not JSON. */
  readonly garbage: string[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  private waiters: Waiter[] = [];
  private cursor = 0;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const text = data.toString();
      let frame: Frame;
      try {
        frame = JSON.parse(text) as Frame;
      } catch {
        this.garbage.push(text);
        return;
      }
      this.frames.push(frame);
      const index = this.frames.length - 1;
      this.waiters = this.waiters.filter((w) => {
        if (index < w.from || !w.match(frame)) return true;
        w.resolve(frame);
        return false;
      });
    });
    this.closed = new Promise((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  }

  static connect(url: string, opts: ClientOptions & { protocols?: string[] } = {}): Promise<SimClient> {
    const { protocols, ...options } = opts;
    const ws = new WebSocket(url, protocols ?? [], options);
    const client = new SimClient(ws);
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(client));
      ws.once('error', reject);
      ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    });
  }

  send(event: Record<string, unknown>): void {
    this.ws.send(JSON.stringify(event));
  }

  /** The first frame matching, searching from the cursor on; moves the cursor past it. */
  async next(match: Match): Promise<Frame> {
    const frame = await this.find(match, this.cursor);
    this.cursor = this.frames.indexOf(frame) + 1;
    return frame;
  }

  /** The first frame matching at or after `from` (default: the start), waiting if needed. */
  find(match: Match, from = 0): Promise<Frame> {
    const test = typeof match === 'string' ? (e: Frame) => e.type === match : match;
    const found = this.frames.slice(from).find(test);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`no matching frame for ${String(match)}; got: ${this.types().join(', ')}`));
      }, WAIT_MS);
      const waiter: Waiter = {
        from,
        match: test,
        resolve: (e) => {
          clearTimeout(timer);
          resolve(e);
        },
      };
      this.waiters.push(waiter);
    });
  }

  types(): string[] {
    return this.frames.map((f) => f.type);
  }

  /** Frame types from `fromType` (first occurrence at/after the cursor) to `toType`, inclusive. */
  typesBetween(fromType: string, toType: string): string[] {
    const types = this.types();
    const start = types.indexOf(fromType);
    const end = types.indexOf(toType, start);
    return types.slice(start, end + 1);
  }

  close(): Promise<{ code: number; reason: string }> {
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) this.ws.close();
    return this.closed;
  }
}

/** pcm16 helpers for building test audio independently of the simulator's own code. */
export function silence(ms: number): Buffer {
  return Buffer.alloc(ms * 48);
}

export function sine(ms: number, hz = 300, amplitude = 0.25): Buffer {
  const samples = ms * 24;
  const out = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i++) out.writeInt16LE(Math.round(amplitude * 32767 * Math.sin((2 * Math.PI * hz * i) / 24000)), i * 2);
  return out;
}

/** Deterministic noise-like pcm16 so byte-exact comparisons mean something. */
export function pattern(ms: number, seed = 1): Buffer {
  const out = Buffer.alloc(ms * 48);
  let x = seed;
  for (let i = 0; i < out.length; i += 2) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    out.writeInt16LE((x % 20000) - 10000, i);
  }
  return out;
}

export function appendAll(client: SimClient, pcm: Buffer, chunkMs = 20): void {
  const chunk = chunkMs * 48;
  for (let i = 0; i < pcm.length; i += chunk) {
    client.send({ type: 'input_audio_buffer.append', audio: pcm.subarray(i, i + chunk).toString('base64') });
  }
}

export function audioOf(frames: Frame[], type: string): Buffer {
  return Buffer.concat(frames.filter((f) => f.type === type).map((f) => Buffer.from(String(f.delta), 'base64')));
}
