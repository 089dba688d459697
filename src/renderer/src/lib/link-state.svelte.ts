// How the page reaches the core: always "open" in Electron; in web mode, the WebSocket bridge's state.
import type { LinkState } from '../bridge/web-bridge';

export const link = $state<{ current: LinkState; web: boolean }>({ current: { kind: 'open' }, web: false });

export function setLink(next: LinkState): void {
  link.current = next;
  link.web = true;
}
