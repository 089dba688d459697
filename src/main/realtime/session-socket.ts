// One WebSocket attempt: opens it, keeps it alive with the heartbeat and reduces everything `ws`
// can report to four callbacks, each failure already classified and key-free. A new attempt (a
// reconnect) is a new SessionSocket.
import WebSocket from 'ws';
import type { ClientRequest, IncomingMessage } from 'node:http';
import type { ConnectTarget } from './auth';
import type { SessionError } from './types';
import type { FailureContext } from './connect-errors';
import { oversizedFrame, socketFailure, timeoutFailure, upgradeFailure } from './connect-errors';
import { Heartbeat } from './heartbeat';

/**
 * The largest message taken from the server. Audio deltas are a few KiB, but a session.updated with long
 * instructions and tools, or a response.done that repeats a long transcript, can reach megabytes; 16 MiB
 * leaves room for those while a broken server can no longer make the client buffer and parse `ws`'s
 * default of 100 MiB.
 */
export const MAX_FRAME_BYTES = 16 * 1024 * 1024;

interface SessionSocketHandlers {
  onFrame(text: string): void;
  /**
   * The attempt ended in a failure the socket has already put into words: it never opened,
   * `sessionStarted()` was not called in time, or the server sent a message over MAX_FRAME_BYTES.
   * Called at most once, and then onClose is not.
   */
  onFailure(error: SessionError): void;
  /** The socket was open and is now closed (1006 when it died without a close frame). */
  onClose(code: number, reason: string): void;
}

interface SessionSocketOptions {
  heartbeatMs: number;
  /** Time allowed from now until `sessionStarted()`: DNS, TCP, TLS, upgrade and the first event. */
  connectTimeoutMs: number;
  ca?: string | Buffer;
  context: FailureContext;
}

export class SessionSocket {
  private readonly ws: WebSocket | null = null;
  private readonly heartbeat: Heartbeat;
  private opened = false;
  private done = false;
  private upgradeStatus: number | null = null;
  private deadline: ReturnType<typeof setTimeout> | null;
  /** Set when the heartbeat gave up, so the close is known to be ours. */
  timedOut = false;

  constructor(target: ConnectTarget, options: SessionSocketOptions, private readonly handlers: SessionSocketHandlers) {
    this.deadline = setTimeout(() => {
      this.fail(timeoutFailure(options.context));
      this.ws?.terminate();
    }, options.connectTimeoutMs);
    this.heartbeat = new Heartbeat(
      options.heartbeatMs,
      () => this.ws?.ping(),
      () => {
        this.timedOut = true;
        this.ws?.terminate();
      },
    );
    try {
      this.ws = new WebSocket(target.url, target.protocols, {
        headers: target.headers,
        maxPayload: MAX_FRAME_BYTES,
        ...(options.ca !== undefined ? { ca: options.ca } : {}),
      });
    } catch (err) {
      // ws throws synchronously on a bad URL or subprotocol, with the URL (and a query key) in the message.
      const failure = socketFailure(err, options.context);
      queueMicrotask(() => this.fail(failure));
      return;
    }
    const ws = this.ws;
    ws.on('unexpected-response', (_req: ClientRequest, res: IncomingMessage) => {
      this.upgradeStatus = res.statusCode ?? 0;
      res.resume();
      ws.terminate();
    });
    ws.on('open', () => {
      this.opened = true;
      this.heartbeat.start();
    });
    ws.on('message', (data: WebSocket.RawData) => {
      this.handlers.onFrame(rawToText(data));
    });
    ws.on('pong', () => this.heartbeat.pong());
    ws.on('error', (err: Error) => {
      // ws answers an oversized message with close code 1009, but the peer may never echo it (then the
      // close reads 1006, a network loss): say what happened now and drop the socket.
      if (errorCode(err) === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') {
        this.fail(oversizedFrame(MAX_FRAME_BYTES, options.context));
        ws.terminate();
        return;
      }
      if (this.opened) return; // the close that follows says what matters
      this.fail(this.upgradeStatus !== null ? upgradeFailure(this.upgradeStatus, options.context) : socketFailure(err, options.context));
    });
    ws.on('close', (code: number, reason: Buffer) => {
      this.heartbeat.stop();
      if (!this.opened) {
        this.fail(socketFailure(new Error('the connection closed during the handshake'), options.context));
        return;
      }
      if (this.done) return;
      this.done = true;
      this.clearDeadline();
      this.handlers.onClose(code, reason.toString('utf8'));
    });
  }

  /** The server's session began; the connect deadline no longer applies. */
  sessionStarted(): void {
    this.clearDeadline();
  }

  get isOpen(): boolean {
    return this.ws?.readyState === WebSocket.OPEN;
  }

  send(text: string): void {
    if (!this.ws || this.ws.readyState !== WebSocket.OPEN) throw new Error('The socket is not open.');
    this.ws.send(text);
  }

  /** Graceful close; a socket still handshaking is aborted instead. */
  close(code = 1000, reason = ''): void {
    if (!this.ws) return;
    if (this.ws.readyState === WebSocket.CONNECTING) this.ws.terminate();
    else if (this.ws.readyState === WebSocket.OPEN) this.ws.close(code, reason);
  }

  /** Drops the connection at once; no callback follows. */
  terminate(): void {
    this.done = true;
    this.clearDeadline();
    this.heartbeat.stop();
    this.ws?.terminate();
  }

  private fail(error: SessionError): void {
    if (this.done) return;
    this.done = true;
    this.clearDeadline();
    this.heartbeat.stop();
    this.handlers.onFailure(error);
  }

  private clearDeadline(): void {
    if (this.deadline) clearTimeout(this.deadline);
    this.deadline = null;
  }
}

function errorCode(err: Error): unknown {
  return (err as { code?: unknown }).code;
}

function rawToText(data: WebSocket.RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}
