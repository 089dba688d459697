import { mount } from 'svelte';
import App from './App.svelte';
import { apiOverPreload } from './bridge/preload-bridge';
import { createWebBridge } from './bridge/web-bridge';
import { setLink } from './lib/link-state.svelte';
import './styles/theme.css';
import './styles/base.css';

// window.assistant exists before anything asks for it: over the preload's transport in Electron; without
// one this is web mode, so the same API goes over its WebSocket. A stand-in a test installed is kept.
if (!(window as { assistant?: unknown }).assistant) {
  let api = apiOverPreload(window);
  if (!api) {
    const bridge = createWebBridge(window);
    api = bridge.api;
    setLink(bridge.link);
    bridge.onLinkChange(setLink);
  }
  Object.defineProperty(window, 'assistant', { value: api, enumerable: true });
}

const target = document.getElementById('app');
if (!target) throw new Error('missing #app');
export default mount(App, { target });
