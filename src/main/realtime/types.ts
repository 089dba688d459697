// Public surface of the Realtime session client (core; plain Node).
import type { AuthMode, ConnectionState, Dialect, DialectSetting, SESSION_ERROR_KINDS } from '../../shared/domain';
import type { ServerEvent, SessionConfig } from '../../shared/protocol/events';
import type { ProtocolError } from '../../shared/protocol/protocol-error';

export type { AuthMode, ConnectionState };

export interface SessionClientOptions {
  /** e.g. wss://api.yuhuanstudio.com/v1/realtime */
  endpoint: string;
  apiKey: string;
  auth?: AuthMode;
  dialect?: DialectSetting;
  /** Appended as ?model= when set. */
  model?: string;
  /** Sent with session.update after every (re)connect. */
  session?: SessionConfig;
  /** ws ping interval; a missing pong within the same interval terminates the socket. Default 15 s. */
  heartbeatMs?: number;
  reconnect?: { retries?: number; minDelayMs?: number; maxDelayMs?: number };
  /** Abort a handshake that has not completed after this long. Default 10 s. */
  connectTimeoutMs?: number;
  /** Extra `ws` options, e.g. `ca` for a self-signed test certificate. */
  wsOptions?: { ca?: string | Buffer };
}

/**
 * One clear error per failure, in plain words; never contains the key.
 * - auth: 401/403 on upgrade, or invalid_api_key: never retried
 * - connect: cannot reach the endpoint (DNS, refused, TLS, timeout, 404)
 * - server: fatal server error (model_not_found, insufficient_quota, …)
 * - dropped: connection lost and reconnect gave up
 */
export type SessionErrorKind = (typeof SESSION_ERROR_KINDS)[number];

export interface SessionError {
  kind: SessionErrorKind;
  message: string;
  /** HTTP status on upgrade, close code, or server error code. */
  code?: string | number;
}

/** Why a new server session replaced the last: lost, ended by the server (its time cap), or renewed by the client. */
export type ReconnectReason = 'dropped' | 'expired' | 'renewed';

export interface SessionClientEvents {
  state: (state: ConnectionState, detail: { attempt?: number; delayMs?: number; closeCode?: number }) => void;
  /** Every valid, normalised server event. */
  event: (event: ServerEvent) => void;
  /** A frame that failed validation; the session goes on. */
  'protocol-error': (error: ProtocolError) => void;
  /** Recoverable server `error` events (the socket stays open). */
  'server-error': (error: Extract<ServerEvent, { type: 'error' }>['error']) => void;
  /** A failure that ends the session (after retries where they apply). */
  error: (error: SessionError) => void;
  /** Dialect in use, once known. */
  dialect: (dialect: Dialect) => void;
  /** A new server session began after a reconnect (conversation state on the server is empty). */
  reconnected: (reason: ReconnectReason) => void;
}
