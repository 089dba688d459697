// The renderer's `window.assistant` in Electron. The preload exposes only the transport; the API is built
// here, in the page's own world, so a failure is a real AssistantError with its code and issues (an Error
// crossing the context bridge keeps its message and loses the rest).
import { buildAssistantApi, PRELOAD_GLOBAL, type AssistantApi, type PreloadTransport } from '../../../shared/ipc/api';

/** The API over the preload's transport; null without one (web mode). */
export function apiOverPreload(win: object): AssistantApi | null {
  const transport = (win as { [PRELOAD_GLOBAL]?: PreloadTransport })[PRELOAD_GLOBAL];
  return transport ? buildAssistantApi(transport.invoke, transport.on) : null;
}
