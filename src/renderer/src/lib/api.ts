// The one door to the core. In Electron the preload provides `window.assistant`; in web mode main.ts
// installs the WebSocket bridge under the same name before the app mounts.
import type { AssistantApi } from '../../../shared/ipc/api';

export function assistantApi(): AssistantApi {
  const api = (window as { assistant?: AssistantApi }).assistant;
  if (!api) throw new Error('window.assistant is missing: the preload or the web bridge did not load.');
  return api;
}

/** A failed request as words for the user. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
