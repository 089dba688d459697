// The Realtime session client: one logical session over a sequence of sockets. It speaks the internal
// protocol vocabulary, picks the wire dialect, reconnects on transient failures (each reconnect is a
// new, empty server session; see ReconnectLoop) and turns every failure into one key-free SessionError.
import { randomUUID } from 'node:crypto';
import type { ClientEvent, Dialect, ServerErrorBody, SessionConfig } from '../../shared/protocol/events';
import { normaliseServerFrame } from '../../shared/protocol/normalise';
import { encodeClientEvent } from '../../shared/protocol/encode';
import type { ConnectionState, ReconnectReason, SessionClientOptions, SessionError } from './types';
import { connectionStates } from './connection-state';
import { sessionError } from './connect-errors';
import { DialectTracker } from './dialect-tracker';
import { ReconnectLoop } from './reconnect-loop';
import type { StateDetail } from './reconnect-loop';
import { redactKey, redactValue } from './redact';
import { serverErrorAction } from './server-error-policy';
import { SessionCommands } from './session-commands';
import { ServerEventRedactor } from './stream-redactor';

/**
 * Events: see SessionClientEvents. Commands (appendAudio, sendText, …) come from SessionCommands and
 * all go through `send`, which throws unless the session is open.
 */
export class SessionClient extends SessionCommands {
  private readonly options: SessionClientOptions;
  private readonly dialects: DialectTracker;
  private readonly loop: ReconnectLoop;
  private readonly redactor: ServerEventRedactor;
  private config: SessionConfig;
  private current: ConnectionState = 'idle';
  private waiters: { resolve: () => void; reject: (e: SessionError) => void }[] = [];
  private closing: { promise: Promise<void>; resolve: () => void } | null = null;
  /** Why the next session replaces the current one, when it was asked for rather than lost. */
  private renewal: Exclude<ReconnectReason, 'dropped'> | null = null;

  constructor(options: SessionClientOptions) {
    super(options.apiKey);
    this.options = { ...options };
    this.config = { ...(options.session ?? {}) };
    this.redactor = new ServerEventRedactor(options.apiKey);
    this.dialects = new DialectTracker(options.dialect ?? 'auto', (d) => this.notify('dialect', d));
    this.loop = new ReconnectLoop(this.options, () => this.dialects.requested, {
      state: (next, detail) => this.setState(next, detail),
      frame: (text) => this.onFrame(text),
      failed: (error) => this.fail(error),
      stopped: () => this.finishClose(),
      report: (where, err) => this.report(where, err),
    });
  }

  get state(): ConnectionState {
    return this.current;
  }

  /** The wire dialect in use; null until the first session in 'auto' mode. */
  get dialect(): Dialect | null {
    return this.dialects.current;
  }

  /** Opens the session. Resolves once `session.created` arrived and the configured session.update was sent. */
  connect(): Promise<void> {
    if (this.current === 'open') return Promise.resolve();
    if (this.current === 'closing') return Promise.reject(this.fault('connect', 'The session is closing; connect again once it has closed.'));
    const ready = new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }));
    if (this.current === 'idle' || this.current === 'closed') {
      this.dialects.reset();
      this.loop.start();
    }
    return ready;
  }

  /** Ends the session. Safe to call in any state; resolves once the socket is gone. */
  close(): Promise<void> {
    if (this.current === 'idle' || this.current === 'closed') return Promise.resolve();
    if (this.closing) return this.closing.promise;
    let resolve!: () => void;
    const promise = new Promise<void>((r) => (resolve = r));
    this.closing = { promise, resolve };
    this.setState('closing', {});
    this.settleWaiters(this.fault('connect', 'The session was closed before it started.'));
    this.loop.stop();
    return promise;
  }

  /**
   * Replaces the open server session with a fresh one at once, before the server's time cap ends it: the
   * same path as a reconnect (the config is sent again, then 'reconnected' with reason 'renewed'). Returns
   * false when no session is open to renew.
   */
  renew(): boolean {
    if (this.current !== 'open') return false;
    this.renewal = 'renewed';
    this.loop.renew(true);
    return true;
  }

  /**
   * Merges `partial` into the remembered config (sent after every reconnect). When open it is sent now
   * and the event_id is returned; otherwise it waits for the next connect and null is returned.
   */
  updateSession(partial: SessionConfig): string | null {
    this.config = { ...this.config, ...partial };
    return this.current === 'open' ? this.send({ type: 'session.update', session: partial }) : null;
  }

  /**
   * Sends any client event in the peer's dialect and returns the event_id attached to it.
   * Throws when the session is not open: audio or items sent into a reconnect would land in a
   * different server session, so the caller must decide what to replay (see `updateSession`).
   */
  send(event: ClientEvent): string {
    const dialect = this.dialects.current;
    if (this.current !== 'open' || !this.loop.canSend || !dialect) {
      throw new Error(`Cannot send ${event.type}: the session is ${this.current}, not open.`);
    }
    return this.transmit(event, dialect);
  }

  private onFrame(raw: string): void {
    // A server may echo the key (in an auth error, JSON-escaped, split across deltas). The text pass
    // keeps it out of a protocol error's excerpt; the event pass catches what only parsing reveals.
    const result = normaliseServerFrame(redactKey(raw, this.options.apiKey));
    if (!result.ok) {
      this.notify('protocol-error', redactValue(result.error, this.options.apiKey));
      return;
    }
    this.dialects.observe(result.dialect);
    for (const event of this.redactor.redact(result.event)) {
      this.notify('event', event);
      if (event.type === 'session.created' && !this.loop.live) this.sessionStarted();
      else if (event.type === 'error') this.onServerError(event.error);
    }
  }

  private sessionStarted(): void {
    const reconnected = this.loop.sessionStarted();
    const dialect = this.dialects.settle();
    if (Object.keys(this.config).length > 0) this.transmit({ type: 'session.update', session: this.config }, dialect);
    const reason = this.renewal ?? 'dropped';
    this.renewal = null;
    this.setState('open', {});
    if (reconnected) this.notify('reconnected', reason);
    this.settleWaiters();
  }

  private onServerError(body: ServerErrorBody): void {
    const code = body.code ?? undefined;
    switch (serverErrorAction(body.code)) {
      case 'fatal-auth':
        return this.fail(this.fault('auth', `The server rejected the API key: ${body.message} Check the API key in Settings.`, code));
      case 'fatal-server':
        return this.fail(this.fault('server', `The server cannot run this session: ${body.message}`, code));
      case 'new-session':
        this.notify('server-error', body);
        this.renewal = 'expired';
        return this.loop.renew();
      case 'switch-dialect':
        if (this.dialects.switchToGa()) return this.loop.renew();
        return this.fail(this.fault('server', `The server refuses the API shape this client speaks: ${body.message}`, code));
      case 'ignore':
        return;
      case 'recoverable':
        this.notify('server-error', body);
        return;
    }
  }

  private transmit(event: ClientEvent, dialect: Dialect): string {
    const eventId = `evt_${randomUUID().replace(/-/g, '').slice(0, 20)}`;
    this.loop.send(encodeClientEvent(event, dialect, eventId));
    return eventId;
  }

  private setState(next: ConnectionState, detail: StateDetail): void {
    // Leaving a session ends its streams: what each held back comes out before the state says so.
    if (this.current === 'open' && next !== 'open') for (const event of this.redactor.flushAll()) this.notify('event', event);
    this.current = connectionStates.transition(this.current, next);
    this.notify('state', next, detail);
  }

  private fault(kind: SessionError['kind'], message: string, code?: string | number): SessionError {
    return sessionError(kind, message, this.options.apiKey, code);
  }

  /** Ends everything with one error: state closed, one 'error' event, pending connect() rejected. */
  private fail(error: SessionError): void {
    // The user already ended the session: its close finishes as asked, and a failure is moot.
    if (this.current === 'closing') return;
    this.renewal = null;
    this.loop.abandon();
    const closeCode = typeof error.code === 'number' && error.code >= 1000 && error.code < 5000 ? { closeCode: error.code } : {};
    this.setState('closed', closeCode);
    // Without an 'error' listener nothing is thrown (see notify); connect()'s rejection and the
    // 'closed' state still carry the failure.
    this.notify('error', error);
    this.settleWaiters(error);
  }

  private finishClose(): void {
    this.setState('closed', {});
    const closing = this.closing;
    this.closing = null;
    closing?.resolve();
  }

  private settleWaiters(error?: SessionError): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) {
      if (error) w.reject(error);
      else w.resolve();
    }
  }
}
