// Serves the IPC contract over one WebSocket connection (web mode): the socket is one client of the core,
// every text frame is a request that goes through dispatchRequest, and every core event is pushed to the
// socket. When the socket closes the client disconnects, which releases what the page held (push-to-talk,
// its mic meter). The socket is already authenticated by the time it gets here (web-server checks token,
// Host and Origin on upgrade); this file only has to make sure that nothing a connected page sends can
// crash or flood the core.
import type { RawData, WebSocket } from 'ws';
import { isEventName } from '../../shared/ipc/contract';
import { dispatchRequest, type IpcFailure } from '../../shared/ipc/envelope';
import { requestFrameSchema, type EventFrame, type ReplyFrame } from '../../shared/ipc/frames';
import type { ServedCore } from '../app/context';

export interface WebTransportOptions {
  /** Sustained request rate per connection; bursts of twice this are allowed. Default 100/s. */
  requestsPerSecond?: number;
  /** Requests awaiting a reply on one connection. Default 64. */
  maxInFlight?: number;
  /** A socket whose unsent backlog exceeds this is not reading: drop levels, then cut it off. Default 8 MiB. */
  maxBufferedBytes?: number;
}

// Level events arrive ~20 times a second and only the latest matters, so they are the first to go.
const LOSSY_EVENTS: ReadonlySet<string> = new Set(['level']);

function failure(code: IpcFailure['code'], message: string): ReplyFrame['result'] {
  return { ok: false, error: { code, message } };
}

function createTokenBucket(perSecond: number): () => boolean {
  const capacity = perSecond * 2;
  let tokens = capacity;
  let last = Date.now();
  return () => {
    const now = Date.now();
    tokens = Math.min(capacity, tokens + ((now - last) / 1000) * perSecond);
    last = now;
    if (tokens < 1) return false;
    tokens -= 1;
    return true;
  };
}

/** Binds one open socket to the core until the socket closes; returns a function that unbinds it early. */
export function serveWebSocket(socket: WebSocket, core: ServedCore, options: WebTransportOptions = {}): () => void {
  const maxInFlight = options.maxInFlight ?? 64;
  const maxBuffered = options.maxBufferedBytes ?? 8 * 1024 * 1024;
  const takeToken = createTokenBucket(options.requestsPerSecond ?? 100);
  const client = core.connect('web page');
  let inFlight = 0;

  const send = (frame: ReplyFrame | EventFrame): void => {
    if (socket.readyState !== socket.OPEN) return;
    const text = serialise(frame);
    // A failed send means the socket is going away; its close handler cleans up.
    if (text !== null) socket.send(text, () => undefined);
  };

  const onMessage = (data: RawData, isBinary: boolean): void => {
    if (isBinary) return send({ id: null, result: failure('invalid_payload', 'Frames must be JSON text.') });
    let parsed: unknown;
    try {
      parsed = JSON.parse(rawToString(data));
    } catch {
      return send({ id: null, result: failure('invalid_payload', 'The frame is not valid JSON.') });
    }
    const frame = requestFrameSchema.safeParse(parsed);
    if (!frame.success) {
      const id = readId(parsed);
      return send({ id, result: failure('invalid_payload', 'A request frame is {id, name, payload}.') });
    }
    const { id, name, payload } = frame.data;
    if (!takeToken()) return send({ id, result: failure('failed', 'Too many requests; slow down.') });
    if (inFlight >= maxInFlight) return send({ id, result: failure('failed', 'Too many requests waiting for a reply.') });
    inFlight += 1;
    void dispatchRequest(core.handlers, name, payload, client).then((result) => {
      inFlight -= 1;
      send({ id, result });
    });
  };

  const unsubscribe = core.onEvent((name, payload) => {
    if (!isEventName(name)) return;
    if (socket.bufferedAmount > maxBuffered) {
      if (LOSSY_EVENTS.has(name)) return;
      // The page stopped reading; on reconnect it resyncs from getStatus/getConversation.
      socket.terminate();
      return;
    }
    send({ event: name, payload });
  });

  const detach = (): void => {
    // A page that goes away (tab closed, crash) while holding push-to-talk or the Settings mic meter
    // must not leave the microphone open.
    void core.disconnect(client);
    unsubscribe();
    socket.off('message', onMessage);
    socket.off('close', detach);
  };
  socket.on('message', onMessage);
  socket.on('close', detach);
  // A socket error is always followed by close; without a listener it would be thrown.
  socket.on('error', () => undefined);
  return detach;
}

function rawToString(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}

function readId(value: unknown): number | null {
  if (value && typeof value === 'object' && 'id' in value) {
    const id = (value as { id: unknown }).id;
    if (typeof id === 'number' && Number.isSafeInteger(id) && id >= 0) return id;
  }
  return null;
}

// Replies and events are held to the contract, but a frame JSON cannot carry (a cycle, a BigInt) must
// still not take the connection down.
function serialise(frame: ReplyFrame | EventFrame): string | null {
  try {
    return JSON.stringify(frame);
  } catch {
    if (!('id' in frame)) return null;
    return JSON.stringify({ id: frame.id, result: failure('failed', 'The assistant produced a reply that cannot be sent.') });
  }
}
