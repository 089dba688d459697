// The sockets behind one logical session: opens attempts, keeps the current socket, and after a live
// session is lost retries with backoff (each retry is a new, empty server session). It decides when to
// retry and when to give up; the client owns the public state, the frames and the session config.
import type { DialectSetting } from '../../shared/protocol/events';
import type { SessionClientEvents, SessionClientOptions, SessionError } from './types';
import { EndpointError, buildConnectTarget, endpointLabel } from './auth';
import type { ConnectTarget } from './auth';
import { Backoff, isRetryableClose } from './backoff';
import { closedBeforeSession, sessionError } from './connect-errors';
import { redactSecrets } from './redact';
import { SessionSocket } from './session-socket';

export type StateDetail = Parameters<SessionClientEvents['state']>[1];

const DEFAULT_HEARTBEAT_MS = 15_000;
const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
/** How long stop() waits for the server's close frame before dropping the socket. */
const CLOSE_GRACE_MS = 2_000;

export interface ReconnectLoopHost {
  /** An attempt starts ('connecting') or waits for its turn ('reconnecting'). */
  state(next: 'connecting' | 'reconnecting', detail: StateDetail): void;
  frame(text: string): void;
  /** The loop gave up or hit a fatal failure; no socket remains. */
  failed(error: SessionError): void;
  /** What stop() asked for is done; no socket remains. */
  stopped(): void;
  /** A socket callback threw: a bug to log, never to throw into `ws`. */
  report(where: string, err: unknown): void;
}

export class ReconnectLoop {
  private readonly backoff: Backoff;
  private socket: SessionSocket | null = null;
  /** True once the current socket delivered `session.created`. */
  private sessionLive = false;
  /** True between losing a live session and getting a new one (or giving up). */
  private recovering = false;
  /** Set when the next close is one we asked for in order to open a new session. */
  private renewOnClose = false;
  /** That new session is wanted now (a planned rollover), not after a backoff delay. */
  private renewNow = false;
  /** Set by stop(): the next close or failure ends the run instead of retrying. */
  private stopping = false;
  private lastFailure: SessionError | null = null;
  /** A session was live at some point since start(): later sessions are reconnects. */
  private hadSession = false;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private graceTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly options: SessionClientOptions,
    /** Read at each attempt: a refused dialect changes what the next socket asks for. */
    private readonly requestedDialect: () => DialectSetting,
    private readonly host: ReconnectLoopHost,
  ) {
    this.backoff = new Backoff(options.reconnect);
  }

  /** True once the current socket's session has started. */
  get live(): boolean {
    return this.sessionLive;
  }

  /** True when the current socket can take a frame. */
  get canSend(): boolean {
    return this.socket?.isOpen ?? false;
  }

  send(text: string): void {
    this.socket?.send(text);
  }

  /** A fresh run (a new connect()): nothing carries over from an earlier one. */
  start(): void {
    this.recovering = false;
    this.hadSession = false;
    this.backoff.reset();
    this.attempt();
  }

  /** The current socket's session began. True when it replaces a lost one (a reconnect). */
  sessionStarted(): boolean {
    this.socket?.sessionStarted();
    this.sessionLive = true;
    // Only a lost live session is a reconnect; a switch before the first session is not.
    const reconnected = this.recovering && this.hadSession;
    this.hadSession = true;
    this.recovering = false;
    this.lastFailure = null;
    this.backoff.reset();
    return reconnected;
  }

  /**
   * Closes the current socket so that its close starts a fresh session through the retry path: after the
   * backoff delay, or at once when `immediate` (a rollover the client chose the moment of).
   */
  renew(immediate = false): void {
    const socket = this.socket;
    // Closing for good wins over a renewal, and a renewal under way needs no second one.
    if (!socket || this.stopping || this.renewOnClose) return;
    this.renewOnClose = true;
    this.renewNow = immediate;
    // The session is over from now on, not once the close handshake is done: whatever is sent meanwhile
    // would land in a session about to vanish, so it waits for the next one.
    this.host.state('reconnecting', {});
    socket.close(1000, 'starting a new session');
    // A server that never answers the close frame must not hold the new session back.
    this.graceTimer = setTimeout(() => {
      if (this.socket === socket) socket.terminate();
    }, CLOSE_GRACE_MS);
    this.graceTimer.unref?.();
  }

  /** Ends the run; `host.stopped()` follows once the socket is gone (at once when there is none). */
  stop(): void {
    this.stopping = true;
    this.clearTimers();
    const socket = this.socket;
    if (!socket) return this.finishStop();
    socket.close(1000, 'client closing');
    // A server that never answers the close frame must not keep close() waiting.
    this.graceTimer = setTimeout(() => {
      socket.terminate();
      this.finishStop();
    }, CLOSE_GRACE_MS);
    this.graceTimer.unref?.();
  }

  /** Drops the run without a callback: the client found a failure that ends the session. */
  abandon(): void {
    const socket = this.socket;
    this.reset();
    socket?.close(1000, 'client giving up');
  }

  private attempt(): void {
    this.retryTimer = null;
    this.sessionLive = false;
    this.host.state('connecting', this.recovering ? { attempt: this.backoff.attempt } : {});
    const { options } = this;
    let target: ConnectTarget;
    try {
      target = buildConnectTarget({
        endpoint: options.endpoint,
        apiKey: options.apiKey,
        auth: options.auth ?? 'bearer',
        dialect: this.requestedDialect(),
        ...(options.model ? { model: options.model } : {}),
      });
    } catch (err) {
      const message = err instanceof EndpointError ? err.message : 'The endpoint cannot be used. Check the endpoint in Settings.';
      return this.host.failed(this.fault('connect', message));
    }
    const socketOptions = {
      heartbeatMs: options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS,
      connectTimeoutMs: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
      context: { endpoint: options.endpoint, apiKey: options.apiKey },
      ...(options.wsOptions?.ca !== undefined ? { ca: options.wsOptions.ca } : {}),
    };
    const socket: SessionSocket = new SessionSocket(target, socketOptions, {
      onFrame: (text) => this.guard(socket, () => this.host.frame(text)),
      onFailure: (error) => this.guard(socket, () => this.attemptFailed(error)),
      // A close reason is cut at 123 bytes, maybe inside an echoed key: scrub it before it is quoted.
      onClose: (code, reason) => this.guard(socket, () => this.closed(code, redactSecrets(reason, options.apiKey), socket.timedOut)),
    });
    this.socket = socket;
  }

  /** Runs a socket callback only for the current socket, and never lets it throw into `ws`. */
  private guard(socket: SessionSocket, fn: () => void): void {
    if (this.socket !== socket) return;
    try {
      fn();
    } catch (err) {
      this.host.report('the session client', err);
    }
  }

  private attemptFailed(error: SessionError): void {
    this.socket = null;
    if (this.stopping) return this.finishStop();
    // A bad key stays bad: retrying would only hammer the server (and maybe lock the account).
    if (error.kind === 'auth' || !this.recovering) return this.host.failed(error);
    this.lastFailure = error;
    this.retry();
  }

  private closed(code: number, reason: string, heartbeatTimedOut: boolean): void {
    const wasLive = this.sessionLive;
    this.socket = null;
    this.sessionLive = false;
    if (this.stopping) return this.finishStop();
    if (this.renewOnClose) {
      const now = this.renewNow;
      this.renewOnClose = false;
      this.renewNow = false;
      this.recovering = true;
      return this.retry(code, now, true);
    }
    if (!wasLive) return this.attemptFailed(closedBeforeSession(code, reason, this.options));
    if (heartbeatTimedOut || isRetryableClose(code)) {
      this.recovering = true;
      this.lastFailure = null;
      return this.retry(code);
    }
    const why = reason ? `: ${reason}` : '';
    this.host.failed(this.fault('dropped', `${endpointLabel(this.options.endpoint)} ended the session (close code ${code}${why}).`, code));
  }

  private retry(closeCode?: number, immediate = false, announced = false): void {
    const next = this.backoff.next();
    if (!next) {
      const tries = this.backoff.retries;
      const last = this.lastFailure ? ` Last attempt: ${this.lastFailure.message}` : '';
      const message = `Lost the connection to ${endpointLabel(this.options.endpoint)} and could not reconnect after ${tries} ${tries === 1 ? 'attempt' : 'attempts'}.${last}`;
      this.host.failed(this.fault('dropped', message, closeCode ?? this.lastFailure?.code));
      return;
    }
    const delayMs = immediate ? 0 : next.delayMs;
    if (!announced) this.host.state('reconnecting', { attempt: next.attempt, delayMs, ...(closeCode !== undefined ? { closeCode } : {}) });
    this.retryTimer = setTimeout(() => this.attempt(), delayMs);
  }

  private fault(kind: SessionError['kind'], message: string, code?: string | number): SessionError {
    return sessionError(kind, message, this.options.apiKey, code);
  }

  private finishStop(): void {
    this.reset();
    this.host.stopped();
  }

  private reset(): void {
    this.clearTimers();
    this.socket = null;
    this.sessionLive = false;
    this.recovering = false;
    this.renewOnClose = false;
    this.renewNow = false;
    this.stopping = false;
  }

  private clearTimers(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.graceTimer) clearTimeout(this.graceTimer);
    this.retryTimer = null;
    this.graceTimer = null;
  }
}
