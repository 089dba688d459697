// One accepted WebSocket: frames in and out, the error envelope, fault hooks and the session cap.
import type { RawData, WebSocket } from 'ws';
import { parseClientEvent } from './client-events';
import type { FaultState, FaultTarget } from './faults';
import { newId } from './ids';
import { SessionController, type Outbox } from './session-controller';
import type { SimulatorConnectionInfo } from './types';
import { encodeEvent, type SimEvent } from './wire-events';
import type { Dialect } from '../shared/domain';

export interface ConnectionOptions {
  dialect: Dialect;
  model: string;
  faults: FaultState;
  /** The key the client authenticated with, for the echo-key fault; never logged. */
  key: string | null;
  /** A beta client on a GA-only server: refuse the shape as OpenAI does. */
  refuseBeta: boolean;
  recordReceived: boolean;
  log: (line: string) => void;
}

export class SimConnection implements Outbox, FaultTarget {
  private readonly controller: SessionController;
  private readonly openedAt = Date.now();
  private capTimer: NodeJS.Timeout | undefined;
  /** Unix seconds; set by a session cap, which the session then announces as its `expires_at`. */
  private expiresAt: number | undefined;
  private eventId: string | undefined;
  private queued = 0;
  private written = 0;
  private flushWaiters: { upTo: number; resolve: () => void }[] = [];
  private closed = false;

  constructor(
    private readonly ws: WebSocket,
    readonly info: SimulatorConnectionInfo,
    private readonly opts: ConnectionOptions,
  ) {
    this.controller = new SessionController(this, opts.faults, opts.model);
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  start(): void {
    this.ws.on('message', (data, isBinary) => this.receive(data, isBinary));
    this.ws.on('close', (code) => {
      this.opts.log(`sim: #${this.info.id} closed (${code})`);
      this.dispose();
    });
    // Socket errors end in 'close'; without a listener they would crash the process.
    this.ws.on('error', () => undefined);
    this.opts.log(`sim: #${this.info.id} open (auth ${this.info.auth}, ${this.opts.dialect})`);
    if (this.opts.refuseBeta) {
      this.error('beta_api_shape_disabled', 'The beta Realtime API shape is disabled on this server; use the GA shape.');
      this.closeWith(4000, 'beta api shape disabled');
      return;
    }
    // Armed first, so that session.created announces the cap as its expires_at (as a server with a cap does).
    if (this.opts.faults.sessionCapSeconds !== null) this.armSessionCap(this.opts.faults.sessionCapSeconds);
    this.controller.open();
    if (this.opts.key && this.opts.faults.takeEchoKey()) this.echoKey(this.opts.key);
  }

  private receive(data: RawData, isBinary: boolean): void {
    if (isBinary) return this.error('invalid_json', 'Binary frames are not supported; send JSON text frames.');
    let raw: unknown;
    try {
      raw = JSON.parse(rawText(data));
    } catch {
      return this.error('invalid_json', 'The event could not be parsed as JSON.');
    }
    if (typeof raw === 'object' && raw !== null && !Array.isArray(raw)) {
      if (this.opts.recordReceived) this.info.received.push(raw as Record<string, unknown>);
      const id = (raw as { event_id?: unknown }).event_id;
      this.eventId = typeof id === 'string' ? id : undefined;
    }
    try {
      const parsed = parseClientEvent(raw);
      if (parsed.ok) this.controller.handle(parsed.event);
      else this.error(parsed.error.code, parsed.error.message, parsed.error.param);
    } finally {
      this.eventId = undefined;
    }
  }

  send(event: SimEvent): void {
    const text = this.frameText(event);
    if (text) this.sendRawText(text);
  }

  private frameText(event: SimEvent): string | null {
    const frame = encodeEvent(event, { dialect: this.opts.dialect, createdAt: this.controller.state.createdAt, expiresAt: this.expiresAt });
    return frame && JSON.stringify(frame);
  }

  /** Errors echo the id of the client event being handled, if it had one. */
  error(code: string, message: string, param?: string): void {
    this.send({
      type: 'error',
      error: { type: 'invalid_request_error', code, message, param: param ?? null, event_id: this.eventId ?? null },
    });
  }

  sendRawText(text: string): void {
    if (this.closed || this.ws.readyState !== this.ws.OPEN) return;
    this.queued++;
    this.ws.send(text, () => {
      this.written++;
      this.settleFlushes();
    });
  }

  sendUnknownEvent(): void {
    this.sendRawText(JSON.stringify({ type: 'sim.diagnostic', event_id: newId('event'), note: 'An event type clients do not know.' }));
  }

  drop(): Promise<void> {
    return new Promise((resolve) => {
      this.flushWaiters.push({
        upTo: this.queued,
        resolve: () => {
          this.ws.terminate();
          resolve();
        },
      });
      this.settleFlushes();
    });
  }

  closeWith(code: number, reason: string): void {
    if (this.closed) return;
    this.controller.dispose();
    // 1005 and 1006 can never be sent in a close frame: they mean "no code" and "no close frame".
    if (code === 1006) return this.ws.terminate();
    try {
      if (code === 1005) this.ws.close();
      else this.ws.close(code, reason);
    } catch {
      this.ws.terminate();
    }
  }

  armSessionCap(seconds: number): void {
    if (this.closed) return;
    clearTimeout(this.capTimer);
    const delay = Math.max(0, this.openedAt + seconds * 1000 - Date.now());
    // Rounded down: a client that trusts it is never late.
    this.expiresAt = Math.floor((this.openedAt + seconds * 1000) / 1000);
    this.capTimer = setTimeout(() => {
      this.controller.dispose();
      this.error('session_expired', `Your session hit the maximum duration of ${seconds} seconds.`);
      this.closeWith(1001, 'session expired');
    }, delay);
  }

  /** The echo-key fault: the key in streamed text split across two deltas, and escaped or encoded wherever it is whole. */
  private echoKey(key: string): void {
    const ref = { response_id: newId('resp'), item_id: newId('item'), output_index: 0, content_index: 0 };
    const half = Math.ceil(key.length / 2);
    const escaped = key.split('').map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');
    const encoded = [...Buffer.from(key)].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');
    const sendEscaped = (event: SimEvent): void => {
      const text = this.frameText(event);
      if (text) this.sendRawText(text.split(key).join(escaped));
    };
    this.send({ type: 'response.text.delta', ...ref, delta: `Your key is ${key.slice(0, half)}` });
    this.send({ type: 'response.text.delta', ...ref, delta: `${key.slice(half)}.` });
    sendEscaped({ type: 'response.text.done', ...ref, text: `Your key is ${key}.` });
    const message = `Unknown key ${key} (sent as api_key=${encoded}).`;
    sendEscaped({ type: 'error', error: { type: 'invalid_request_error', code: 'sim_echo_key', message, param: null, event_id: null } });
  }

  /** Ends the connection at once (simulator shutdown). */
  terminate(): void {
    this.dispose();
    this.ws.terminate();
  }

  private settleFlushes(): void {
    const ready = this.flushWaiters.filter((w) => this.closed || this.written >= w.upTo);
    this.flushWaiters = this.flushWaiters.filter((w) => !ready.includes(w));
    for (const w of ready) w.resolve();
  }

  private dispose(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.capTimer);
    this.controller.dispose();
    this.settleFlushes();
  }
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data as Buffer).toString('utf8');
}
