// The preload exposes one narrow, named API to the renderer; never ipcRenderer itself.
import { contextBridge } from 'electron';

const assistant = Object.freeze({
  platform: process.platform,
});

contextBridge.exposeInMainWorld('assistant', assistant);
