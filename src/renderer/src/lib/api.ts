// The one door to the core: `window.assistant`, which main.ts installs before the app mounts (over the
// preload's transport in Electron, over the WebSocket bridge in web mode).
import type { AssistantApi } from '../../../shared/ipc/api';

export function assistantApi(): AssistantApi {
  const api = (window as { assistant?: AssistantApi }).assistant;
  if (!api) throw new Error('window.assistant is missing: the preload or the web bridge did not load.');
  return api;
}
