// Public surface of the Realtime session client.
export { SessionClient } from './session-client';
export type * from './types';
export { buildConnectTarget, endpointLabel, parseEndpoint, EndpointError } from './auth';
export type { ConnectTarget, ConnectTargetInput } from './auth';
export { Backoff, backoffDelay, isRetryableClose, isAuthStatus, RETRYABLE_CLOSE_CODES } from './backoff';
export type { BackoffOptions } from './backoff';
export { DialectTracker } from './dialect-tracker';
export { canTransition, nextStates, transition, IllegalTransitionError, CONNECTION_STATES } from './connection-state';
export { redactSecrets, redactValue, containsSecret } from './redact';
export { serverErrorAction } from './server-error-policy';
export type { ServerErrorAction } from './server-error-policy';
