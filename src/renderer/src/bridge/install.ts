// Installs `window.assistant` before any page asks for it, for every renderer entry (the main window and
// the quick-ask popup): over the preload's transport in Electron; without one this is web mode, so the
// same API goes over its WebSocket. A stand-in a test installed is kept.
import { apiOverPreload } from './preload-bridge';
import { createWebBridge, type BridgeWindow, type LinkState } from './web-bridge';

export function installAssistant(win: BridgeWindow & object, onLink: (link: LinkState) => void): void {
  if ((win as { assistant?: unknown }).assistant) return;
  let api = apiOverPreload(win);
  if (!api) {
    const bridge = createWebBridge(win);
    api = bridge.api;
    onLink(bridge.link);
    bridge.onLinkChange(onLink);
  }
  Object.defineProperty(win, 'assistant', { value: api, enumerable: true });
}
