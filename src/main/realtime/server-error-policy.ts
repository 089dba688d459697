// What the client does with a server `error` event, by code. Most are about one request and leave
// the session usable; a few mean the session cannot go on.

type ServerErrorAction =
  /** Bad key: fatal, never retried. */
  | 'fatal-auth'
  /** The session cannot work (model, billing): fatal, close. */
  | 'fatal-server'
  /** The server ended the session (cap reached): open a new one. */
  | 'new-session'
  /** The server refuses the beta API shape: switch to GA. */
  | 'switch-dialect'
  /** A race with nothing to tell the user (cancel after the response ended). */
  | 'ignore'
  /** About one request; report it, keep the session. */
  | 'recoverable';

const ACTIONS: Readonly<Record<string, ServerErrorAction>> = {
  invalid_api_key: 'fatal-auth',
  model_not_found: 'fatal-server',
  insufficient_quota: 'fatal-server',
  session_expired: 'new-session',
  beta_api_shape_disabled: 'switch-dialect',
  response_cancel_not_active: 'ignore',
};

export function serverErrorAction(code: string | null | undefined): ServerErrorAction {
  if (!code) return 'recoverable';
  return ACTIONS[code] ?? 'recoverable';
}
