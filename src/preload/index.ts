// The preload exposes `window.assistant`, generated from the IPC contract: one named function per
// request and a typed `on` for events. ipcRenderer itself never reaches the page.
import { contextBridge, ipcRenderer } from 'electron';
import { buildAssistantApi } from '../shared/ipc/api';
import { IPC_CHANNELS, isEventName, type EventName } from '../shared/ipc/contract';

const listeners = new Map<EventName, Set<(payload: unknown) => void>>();

ipcRenderer.on(IPC_CHANNELS.event, (_event, name: unknown, payload: unknown) => {
  if (!isEventName(name)) return;
  for (const listener of listeners.get(name) ?? []) listener(payload);
});

const assistant = buildAssistantApi(
  (name, payload) => ipcRenderer.invoke(IPC_CHANNELS.request, name, payload),
  (event, listener) => {
    if (!isEventName(event)) throw new Error(`Unknown event "${String(event)}"`);
    const set = listeners.get(event) ?? new Set();
    set.add(listener);
    listeners.set(event, set);
    return () => set.delete(listener);
  },
);

contextBridge.exposeInMainWorld('assistant', assistant);
