// A small WebSocket client for web-mode tests: sends request frames and waits on replies and events.
import WebSocket from 'ws';

export interface TestClient {
  ws: WebSocket;
  frames: Record<string, unknown>[];
  request(name: string, payload?: unknown): Promise<Record<string, unknown>>;
  sendRaw(data: string | Buffer): void;
  /** Resolves with the first frame (already received or future) that matches. */
  waitFor(match: (frame: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Record<string, unknown>>;
  closed: Promise<{ code: number }>;
}

export type UpgradeOutcome = { opened: true; client: TestClient } | { opened: false; status: number };

export function connect(url: string, headers: Record<string, string> = {}): Promise<UpgradeOutcome> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.once('unexpected-response', (_req, res) => {
      resolve({ opened: false, status: res.statusCode ?? 0 });
      ws.terminate();
    });
    ws.once('error', (error) => reject(error));
    ws.once('open', () => {
      ws.removeAllListeners('error');
      ws.on('error', () => undefined);
      resolve({ opened: true, client: wrap(ws) });
    });
  });
}

function wrap(ws: WebSocket): TestClient {
  const frames: Record<string, unknown>[] = [];
  const waiters = new Set<{ match: (f: Record<string, unknown>) => boolean; resolve: (f: Record<string, unknown>) => void }>();
  let nextId = 1;
  ws.on('message', (data) => {
    const frame = JSON.parse(String(data)) as Record<string, unknown>;
    frames.push(frame);
    for (const waiter of waiters) {
      if (waiter.match(frame)) {
        waiters.delete(waiter);
        waiter.resolve(frame);
      }
    }
  });
  const closed = new Promise<{ code: number }>((resolve) => ws.once('close', (code) => resolve({ code })));
  const waitFor: TestClient['waitFor'] = (match, timeoutMs = 10_000) => {
    const seen = frames.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const waiter = { match, resolve: (f: Record<string, unknown>) => (clearTimeout(timer), resolve(f)) };
      const timer = setTimeout(() => {
        waiters.delete(waiter);
        reject(new Error('timed out waiting for a frame'));
      }, timeoutMs);
      waiters.add(waiter);
    });
  };
  return {
    ws,
    frames,
    closed,
    waitFor,
    sendRaw: (data) => ws.send(data),
    request(name, payload) {
      const id = nextId++;
      ws.send(JSON.stringify(payload === undefined ? { id, name } : { id, name, payload }));
      return waitFor((f) => f.id === id);
    },
  };
}

/** A request whose reply must be a success: its value, or a throw with the failure's message. */
export async function requestOk(client: TestClient, name: string, payload?: unknown): Promise<unknown> {
  const reply = (await client.request(name, payload)) as { result: { ok: boolean; value?: unknown; error?: { message: string } } };
  if (!reply.result.ok) throw new Error(`${name}: ${reply.result.error?.message}`);
  return reply.result.value;
}
