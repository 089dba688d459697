// The Realtime session client: one logical session over a sequence of sockets. It speaks the internal
// protocol vocabulary, picks the wire dialect, reconnects on transient failures (each reconnect is a
// new, empty server session) and turns every failure into one key-free SessionError.
import { randomUUID } from 'node:crypto';
import type { ClientEvent, Dialect, ServerEvent, SessionConfig, SessionInfo } from '../../shared/protocol/events';
import { normaliseServerFrame } from '../../shared/protocol/normalise';
import { encodeClientEvent } from '../../shared/protocol/encode';
import type { ConnectionState, SessionClientEvents, SessionClientOptions, SessionError } from './types';
import { EndpointError, buildConnectTarget, endpointLabel } from './auth';
import { Backoff, isRetryableClose } from './backoff';
import { transition } from './connection-state';
import { closedBeforeSession, sessionError } from './connect-errors';
import { DialectTracker } from './dialect-tracker';
import { containsSecret, redactSecrets, redactValue } from './redact';
import { serverErrorAction } from './server-error-policy';
import { SessionCommands } from './session-commands';
import { SessionSocket } from './session-socket';

type StateDetail = Parameters<SessionClientEvents['state']>[1];

const DEFAULT_HEARTBEAT_MS = 15_000;
const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
/** How long close() waits for the server's close frame before dropping the socket. */
const CLOSE_GRACE_MS = 2_000;

/**
 * Events: see SessionClientEvents. Commands (appendAudio, sendText, …) come from SessionCommands and
 * all go through `send`, which throws unless the session is open.
 */
export class SessionClient extends SessionCommands {
  private readonly options: SessionClientOptions;
  private readonly backoff: Backoff;
  private config: SessionConfig;
  private current: ConnectionState = 'idle';
  private socket: SessionSocket | null = null;
  /** True once the current socket delivered `session.created`. */
  private sessionLive = false;
  /** True between losing a live session and getting a new one (or giving up). */
  private recovering = false;
  /** Set when the next close is one we asked for in order to open a new session. */
  private renewOnClose = false;
  private lastFailure: SessionError | null = null;
  private readonly dialects: DialectTracker;
  /** A session was live at some point since connect(): later sessions are reconnects. */
  private hadSession = false;
  private info: SessionInfo | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private waiters: { resolve: () => void; reject: (e: SessionError) => void }[] = [];
  private closing: { promise: Promise<void>; resolve: () => void } | null = null;

  constructor(options: SessionClientOptions) {
    super(options.apiKey);
    this.options = { ...options };
    this.config = { ...(options.session ?? {}) };
    this.backoff = new Backoff(options.reconnect);
    this.dialects = new DialectTracker(options.dialect ?? 'auto', (d) => this.notify('dialect', d));
  }

  get state(): ConnectionState {
    return this.current;
  }

  /** The wire dialect in use; null until the first session in 'auto' mode. */
  get dialect(): Dialect | null {
    return this.dialects.current;
  }

  /** The session as the server last reported it (`session.created` / `session.updated`). */
  get sessionInfo(): SessionInfo | null {
    return this.info;
  }

  /** Opens the session. Resolves once `session.created` arrived and the configured session.update was sent. */
  connect(): Promise<void> {
    if (this.current === 'open') return Promise.resolve();
    if (this.current === 'closing') return Promise.reject(this.fault('connect', 'The session is closing; connect again once it has closed.'));
    const ready = new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }));
    if (this.current === 'idle' || this.current === 'closed') {
      this.recovering = false;
      this.hadSession = false;
      this.dialects.reset();
      this.backoff.reset();
      this.startAttempt();
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
    this.clearTimers();
    this.settleWaiters(this.fault('connect', 'The session was closed before it started.'));
    const socket = this.socket;
    if (!socket) this.finishClose();
    else {
      socket.close(1000, 'client closing');
      // A server that never answers the close frame must not keep close() waiting.
      const grace = setTimeout(() => {
        socket.terminate();
        if (this.closing?.promise === promise) this.finishClose();
      }, CLOSE_GRACE_MS);
      grace.unref?.();
      void promise.then(() => clearTimeout(grace));
    }
    return promise;
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
    if (this.current !== 'open' || !this.socket?.isOpen || !dialect) {
      throw new Error(`Cannot send ${event.type}: the session is ${this.current}, not open.`);
    }
    return this.transmit(event, dialect);
  }

  // ── attempts ──────────────────────────────────────────────────────────────────────────────────

  private startAttempt(): void {
    this.retryTimer = null;
    this.sessionLive = false;
    this.setState('connecting', this.recovering ? { attempt: this.backoff.attempt } : {});
    let target;
    try {
      target = buildConnectTarget({
        endpoint: this.options.endpoint,
        apiKey: this.options.apiKey,
        auth: this.options.auth ?? 'bearer',
        dialect: this.dialects.requested,
        ...(this.options.model ? { model: this.options.model } : {}),
      });
    } catch (err) {
      const message = err instanceof EndpointError ? err.message : 'The endpoint cannot be used. Check the endpoint in Settings.';
      this.fail(this.fault('connect', message));
      return;
    }
    const socketOptions = {
      heartbeatMs: this.options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS,
      connectTimeoutMs: this.options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
      context: { endpoint: this.options.endpoint, apiKey: this.options.apiKey },
      ...(this.options.wsOptions?.ca !== undefined ? { ca: this.options.wsOptions.ca } : {}),
    };
    const socket: SessionSocket = new SessionSocket(target, socketOptions, {
      onFrame: (text) => this.guard(socket, () => this.onFrame(text)),
      onFailure: (error) => this.guard(socket, () => this.attemptFailed(error)),
      onClose: (code, reason) => this.guard(socket, () => this.onClose(code, reason, socket.timedOut)),
    });
    this.socket = socket;
  }

  /** Runs a socket callback only for the current socket, and never lets it throw into `ws`. */
  private guard(socket: SessionSocket, fn: () => void): void {
    if (this.socket !== socket) return;
    try {
      fn();
    } catch (err) {
      this.report('the session client', err);
    }
  }

  private attemptFailed(error: SessionError): void {
    this.socket = null;
    if (this.current === 'closing') return this.finishClose();
    // A bad key stays bad: retrying would only hammer the server (and maybe lock the account).
    if (error.kind === 'auth' || !this.recovering) return this.fail(error);
    this.lastFailure = error;
    this.scheduleReconnect();
  }

  private onClose(code: number, reason: string, heartbeatTimedOut: boolean): void {
    const wasLive = this.sessionLive;
    this.socket = null;
    this.sessionLive = false;
    if (this.current === 'closing') return this.finishClose();
    if (this.renewOnClose) {
      this.renewOnClose = false;
      this.recovering = true;
      return this.scheduleReconnect(code);
    }
    if (!wasLive) return this.attemptFailed(closedBeforeSession(code, reason, this.options));
    if (heartbeatTimedOut || isRetryableClose(code)) {
      this.recovering = true;
      this.lastFailure = null;
      return this.scheduleReconnect(code);
    }
    const why = reason ? `: ${reason}` : '';
    this.fail(this.fault('dropped', `${endpointLabel(this.options.endpoint)} ended the session (close code ${code}${why}).`, code));
  }

  private scheduleReconnect(closeCode?: number): void {
    const next = this.backoff.next();
    if (!next) {
      const tries = this.backoff.retries;
      const last = this.lastFailure ? ` Last attempt: ${this.lastFailure.message}` : '';
      const message = `Lost the connection to ${endpointLabel(this.options.endpoint)} and could not reconnect after ${tries} ${tries === 1 ? 'attempt' : 'attempts'}.${last}`;
      this.fail(this.fault('dropped', message, closeCode ?? this.lastFailure?.code));
      return;
    }
    this.setState('reconnecting', { attempt: next.attempt, delayMs: next.delayMs, ...(closeCode !== undefined ? { closeCode } : {}) });
    this.retryTimer = setTimeout(() => this.startAttempt(), next.delayMs);
  }

  // ── frames ────────────────────────────────────────────────────────────────────────────────────

  private onFrame(raw: string): void {
    // A server may echo the key (e.g. in an auth error); scrub it before anything can see it.
    const text = containsSecret(raw, this.options.apiKey) ? redactSecrets(raw, this.options.apiKey) : raw;
    const result = normaliseServerFrame(text);
    if (!result.ok) {
      this.notify('protocol-error', redactValue(result.error, this.options.apiKey));
      return;
    }
    this.dialects.observe(result.dialect);
    const event = result.event;
    this.notify('event', event);
    switch (event.type) {
      case 'session.created':
        this.info = event.session;
        this.notify('session', event.session);
        if (!this.sessionLive) this.sessionStarted();
        break;
      case 'session.updated':
        this.info = event.session;
        this.notify('session', event.session);
        break;
      case 'error':
        this.onServerError(event.error);
        break;
      default:
        break;
    }
  }

  private sessionStarted(): void {
    this.socket?.sessionStarted();
    this.sessionLive = true;
    const dialect = this.dialects.settle();
    if (Object.keys(this.config).length > 0) this.transmit({ type: 'session.update', session: this.config }, dialect);
    // Only a lost live session is a reconnect; a switch before the first session is not.
    const reconnected = this.recovering && this.hadSession;
    this.hadSession = true;
    this.recovering = false;
    this.lastFailure = null;
    this.backoff.reset();
    this.setState('open', {});
    if (reconnected) this.notify('reconnected');
    this.settleWaiters();
  }

  private onServerError(body: Extract<ServerEvent, { type: 'error' }>['error']): void {
    const code = body.code ?? undefined;
    switch (serverErrorAction(body.code)) {
      case 'fatal-auth':
        return this.fail(this.fault('auth', `The server rejected the API key: ${body.message} Check the API key in Settings.`, code));
      case 'fatal-server':
        return this.fail(this.fault('server', `The server cannot run this session: ${body.message}`, code));
      case 'new-session':
        this.notify('server-error', body);
        return this.renewSession();
      case 'switch-dialect':
        if (this.dialects.switchToGa()) return this.renewSession();
        return this.fail(this.fault('server', `The server refuses the API shape this client speaks: ${body.message}`, code));
      case 'ignore':
        return;
      case 'recoverable':
        this.notify('server-error', body);
        return;
    }
  }

  /** Closes the current socket so that its close starts a fresh session through the reconnect path. */
  private renewSession(): void {
    if (!this.socket) return;
    this.renewOnClose = true;
    this.socket.close(1000, 'starting a new session');
  }

  // ── plumbing ──────────────────────────────────────────────────────────────────────────────────

  private transmit(event: ClientEvent, dialect: Dialect): string {
    const eventId = `evt_${randomUUID().replace(/-/g, '').slice(0, 20)}`;
    this.socket?.send(encodeClientEvent(event, dialect, eventId));
    return eventId;
  }

  private setState(next: ConnectionState, detail: StateDetail): void {
    this.current = transition(this.current, next);
    this.notify('state', next, detail);
  }

  private fault(kind: SessionError['kind'], message: string, code?: string | number): SessionError {
    return sessionError(kind, message, this.options.apiKey, code);
  }

  /** Ends everything with one error: state closed, one 'error' event, pending connect() rejected. */
  private fail(error: SessionError): void {
    this.clearTimers();
    const socket = this.socket;
    this.socket = null;
    this.sessionLive = false;
    this.recovering = false;
    this.renewOnClose = false;
    socket?.close(1000, 'client giving up');
    const closeCode = typeof error.code === 'number' && error.code >= 1000 && error.code < 5000 ? { closeCode: error.code } : {};
    this.setState('closed', closeCode);
    // Without an 'error' listener nothing is thrown (see notify); connect()'s rejection and the
    // 'closed' state still carry the failure.
    this.notify('error', error);
    this.settleWaiters(error);
  }

  private finishClose(): void {
    this.clearTimers();
    this.socket = null;
    this.sessionLive = false;
    this.recovering = false;
    this.renewOnClose = false;
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

  private clearTimers(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }
}
