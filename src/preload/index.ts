// The preload exposes the IPC contract's transport to the page: requests go out by name and come back as
// envelopes, events come in by name. The page builds `window.assistant` over it (see PreloadTransport).
// ipcRenderer itself never reaches the page.
import { contextBridge, ipcRenderer } from 'electron';
import { PRELOAD_GLOBAL, type PreloadTransport } from '../shared/ipc/api';
import { IPC_CHANNELS, isEventName, isRequestName, type EventName } from '../shared/ipc/contract';

const listeners = new Map<EventName, Set<(payload: unknown) => void>>();

ipcRenderer.on(IPC_CHANNELS.event, (_event, name: unknown, payload: unknown) => {
  if (!isEventName(name)) return;
  for (const listener of listeners.get(name) ?? []) listener(payload);
});

const transport: PreloadTransport = {
  // Only the contract's names leave the page; main checks them (and the sender) again.
  invoke: (name, payload) =>
    isRequestName(name)
      ? ipcRenderer.invoke(IPC_CHANNELS.request, name, payload)
      : Promise.resolve({ ok: false, error: { code: 'unknown_request', message: 'Unknown request.' } }),
  on: (event, listener) => {
    if (!isEventName(event)) throw new Error('Unknown event.');
    const set = listeners.get(event) ?? new Set();
    set.add(listener);
    listeners.set(event, set);
    return () => set.delete(listener);
  },
};

contextBridge.exposeInMainWorld(PRELOAD_GLOBAL, transport);
