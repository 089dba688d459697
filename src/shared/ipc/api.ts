// The shape of `window.assistant`, derived from the contract: one named function per request, plus `on`.
import type { EventName, EventPayload, RequestInput, RequestName, RequestOutput } from './contract';
import { REQUEST_NAMES } from './contract';
import { unwrapResult } from './envelope';

export type RequestFn<K extends RequestName> = undefined extends RequestInput<K>
  ? (input?: RequestInput<K>) => Promise<RequestOutput<K>>
  : (input: RequestInput<K>) => Promise<RequestOutput<K>>;

export type AssistantApi = { readonly [K in RequestName]: RequestFn<K> } & {
  /** Subscribe to a contract event; returns the unsubscribe function. */
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
};

/**
 * What Electron's preload exposes to the page, under PRELOAD_GLOBAL: the bare transport. The page builds
 * `window.assistant` over it, so that a failure becomes an AssistantError in the page's own world (an
 * Error crossing the context bridge keeps its message and loses its code and issues).
 */
export interface PreloadTransport {
  /** Resolves to the envelope dispatchRequest returned. */
  invoke(name: RequestName, payload: unknown): Promise<unknown>;
  on(event: EventName, listener: (payload: unknown) => void): () => void;
}

export const PRELOAD_GLOBAL = 'assistantIpc';

/** Builds the API over any transport that can send (name, payload) and deliver (name, payload) events. */
export function buildAssistantApi(
  invoke: (name: RequestName, payload: unknown) => Promise<unknown>,
  subscribe: (event: EventName, listener: (payload: unknown) => void) => () => void,
): AssistantApi {
  const api: Record<string, unknown> = {};
  for (const name of REQUEST_NAMES) {
    api[name] = async (input?: unknown) => unwrapResult(await invoke(name, input));
  }
  api.on = (event: EventName, listener: (payload: unknown) => void) => subscribe(event, listener);
  return Object.freeze(api) as AssistantApi;
}
