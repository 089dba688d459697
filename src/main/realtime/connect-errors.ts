// Plain-words descriptions of why a socket could not be opened or was lost. Each returns one
// SessionError whose message is safe to show and log (the key is scrubbed).
import type { SessionError, SessionErrorKind } from './types';
import { endpointLabel } from './auth';
import { isAuthStatus } from './backoff';
import { redactSecrets } from './redact';

export interface FailureContext {
  endpoint: string;
  apiKey: string;
}

const CHECK_ENDPOINT = 'Check the endpoint in Settings.';

export function sessionError(kind: SessionErrorKind, message: string, apiKey: string, code?: string | number): SessionError {
  const error: SessionError = { kind, message: redactSecrets(message, apiKey) };
  if (code !== undefined) error.code = typeof code === 'string' ? redactSecrets(code, apiKey) : code;
  return error;
}

/** The server answered the upgrade with an HTTP status instead of switching protocols. */
export function upgradeFailure(status: number, ctx: FailureContext): SessionError {
  const where = endpointLabel(ctx.endpoint);
  if (isAuthStatus(status)) {
    return sessionError(
      'auth',
      `${where} refused the API key (HTTP ${status}). Check the API key and the authentication mode in Settings.`,
      ctx.apiKey,
      status,
    );
  }
  let why: string;
  if (status === 404) why = 'the path or model was not found';
  else if (status === 429) why = 'too many requests, try again later';
  else if (status >= 500) why = 'the server had an error';
  else if (status >= 300 && status < 400) why = 'the server redirected the request';
  else why = 'the server did not accept a WebSocket connection';
  return sessionError('connect', `Cannot open a session at ${where} — ${why} (HTTP ${status}). ${CHECK_ENDPOINT}`, ctx.apiKey, status);
}

const NETWORK_REASONS: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'the connection was reset',
  EHOSTUNREACH: 'the host is unreachable',
  ENETUNREACH: 'the network is unreachable',
  ETIMEDOUT: 'the connection timed out',
  EPIPE: 'the connection was broken',
};

// Plain words for the certificate problems users actually meet; other TLS failures keep Node's text.
const TLS_REASONS: Readonly<Record<string, string>> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'the certificate is self-signed and not trusted',
  SELF_SIGNED_CERT_IN_CHAIN: 'the certificate chain ends in an untrusted self-signed certificate',
  CERT_HAS_EXPIRED: 'the certificate has expired',
  ERR_TLS_CERT_ALTNAME_INVALID: 'the certificate is for a different host name',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: "the certificate's issuer is not trusted",
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: "the certificate's issuer is not trusted",
  ERR_SSL_WRONG_VERSION_NUMBER: 'the server does not speak TLS on this port (ws:// instead of wss://?)',
  EPROTO: 'the secure handshake failed',
};

function errorCode(err: unknown): string | undefined {
  if (err && typeof err === 'object' && 'code' in err && typeof err.code === 'string') return err.code;
  return undefined;
}

function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}

/** A socket-level failure (`ws` or Node error) while opening or during the session. */
export function socketFailure(err: unknown, ctx: FailureContext): SessionError {
  const where = endpointLabel(ctx.endpoint);
  const code = errorCode(err);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    const host = where.replace(/:\d+$/, '');
    return sessionError('connect', `Cannot find the host ${host} — the name does not resolve (DNS). ${CHECK_ENDPOINT}`, ctx.apiKey, code);
  }
  if (code !== undefined && NETWORK_REASONS[code]) {
    return sessionError('connect', `Cannot reach ${where} — ${NETWORK_REASONS[code]}. ${CHECK_ENDPOINT}`, ctx.apiKey, code);
  }
  // OpenSSL reports a plain-HTTP answer to a TLS hello as EPROTO "wrong version number".
  const tlsCode = code === 'EPROTO' && /wrong version number/i.test(errorMessage(err)) ? 'ERR_SSL_WRONG_VERSION_NUMBER' : code;
  const tls = tlsCode !== undefined && (TLS_REASONS[tlsCode] ?? (/^ERR_(TLS|SSL)_/.test(tlsCode) ? errorMessage(err) : undefined));
  if (tls || /certificate/i.test(errorMessage(err))) {
    return sessionError('connect', `Cannot make a secure connection to ${where} — ${tls || errorMessage(err)}. ${CHECK_ENDPOINT}`, ctx.apiKey, code);
  }
  if (/handshake has timed out/i.test(errorMessage(err))) return timeoutFailure(ctx);
  return sessionError('connect', `Cannot connect to ${where} — ${errorMessage(err)}. ${CHECK_ENDPOINT}`, ctx.apiKey, code);
}

/** Nothing usable arrived in time: no upgrade answer or no `session.created`. */
export function timeoutFailure(ctx: FailureContext): SessionError {
  return sessionError(
    'connect',
    `Cannot reach ${endpointLabel(ctx.endpoint)} — no answer in time (timeout). ${CHECK_ENDPOINT}`,
    ctx.apiKey,
    'ETIMEDOUT',
  );
}

/** The socket closed before a session started, without an error explaining why. */
export function closedBeforeSession(code: number, reason: string, ctx: FailureContext): SessionError {
  const why = reason ? `: ${reason}` : '';
  return sessionError(
    'connect',
    `${endpointLabel(ctx.endpoint)} closed the connection before the session started (code ${code}${why}).`,
    ctx.apiKey,
    code,
  );
}

/**
 * The server sent a message over the size limit. It ends a live session without a reconnect: a new session
 * would most likely meet the same message again, so the user decides (Reconnect in the app, a new command
 * in the CLI).
 */
export function oversizedFrame(limitBytes: number, ctx: FailureContext): SessionError {
  return sessionError(
    'server',
    `The server at ${endpointLabel(ctx.endpoint)} sent a message larger than the ${limitBytes / 2 ** 20} MiB limit, so the session was stopped. ` +
      `Reconnect to start a new session; if it happens again, check that the endpoint in Settings is a Realtime service.`,
    ctx.apiKey,
    1009,
  );
}
