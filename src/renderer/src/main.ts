import { mount } from 'svelte';
import App from './App.svelte';
import { createWebBridge } from './bridge/web-bridge';
import { setLink } from './lib/link-state.svelte';
import './styles/theme.css';
import './styles/base.css';

// Without Electron's preload there is no window.assistant: this is web mode, so build the same API
// over its WebSocket before anything asks for it.
if (!(window as { assistant?: unknown }).assistant) {
  const bridge = createWebBridge(window);
  Object.defineProperty(window, 'assistant', { value: bridge.api, enumerable: true });
  setLink(bridge.link);
  bridge.onLinkChange(setLink);
}

const target = document.getElementById('app');
if (!target) throw new Error('missing #app');
export default mount(App, { target });
