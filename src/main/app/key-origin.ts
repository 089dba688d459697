// When the endpoint's origin is not the one the key was given for, the key stays here until the user
// confirms it somewhere the renderer cannot reach: a native dialog in the app, or giving the key again
// (web mode, the CLI). These are the words for both, built from hosts only.
import type { UserFacingError } from '../../shared/domain';

/**
 * What the user is asked about, as shared/endpoint-origin's describeOriginChange words it: where the key
 * was given for (null: not recorded) and where it would go.
 */
export interface KeyOriginQuestion {
  from: string | null;
  to: string;
}

/** Asks the user, outside the renderer, whether the key may go to a new endpoint. Resolves false on doubt. */
export interface KeyOriginConfirm {
  confirm(question: KeyOriginQuestion): Promise<boolean>;
}

/** The session's standing error when the key was not sent; `canConfirm`: this app can ask (Reconnect asks again). */
export function keyOriginRefusal(question: KeyOriginQuestion, canConfirm: boolean): UserFacingError {
  const what =
    question.from === null
      ? `The API key was saved without the endpoint it is for, so it was not sent to ${question.to}.`
      : `The endpoint changed to ${question.to}; the API key was given for ${question.from}.`;
  const message = `${what} ${canConfirm ? 'Confirm it for the new endpoint (or enter the key again).' : 'Enter the key again to use it there.'}`;
  const action = canConfirm
    ? 'Choose Reconnect to confirm the key for this endpoint, or enter it again in Settings.'
    : 'Open Settings and enter the key again, or change the endpoint back.';
  return { kind: 'key-origin', message, action };
}

/** listModels' message when the key may not go to the endpoint's host. */
export function keyOriginModelsError(question: KeyOriginQuestion): string {
  const given = question.from === null ? 'is not confirmed for' : `was given for ${question.from}, not`;
  return `The API key ${given} ${question.to}, so it was not sent to list models. Enter the key again for this endpoint, or type a model id.`;
}
