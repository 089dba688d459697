import type { AssistantApi } from '../../shared/ipc/api';

declare global {
  interface Window {
    /** The contract API: from Electron's preload, or installed by the web bridge in web mode. */
    readonly assistant: AssistantApi;
  }
}
