// Serves the core's contract over Electron IPC. A request is answered only when it comes from the
// main frame of one of the app's own windows showing the app's own page; anything else is refused.
import type { BrowserWindow, IpcMain, IpcMainInvokeEvent } from 'electron';
import { IPC_CHANNELS } from '../../shared/ipc/contract';
import { dispatchRequest, type IpcResult } from '../../shared/ipc/envelope';
import type { AppCore } from '../app-core';

export interface IpcTransportOptions {
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>;
  core: AppCore;
  windows: () => BrowserWindow[];
  /** The exact URL of the app's page (file://…/index.html or the dev server). */
  appUrl: string;
}

export function isTrustedSender(event: Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>, windows: BrowserWindow[], appUrl: string): boolean {
  const frame = event.senderFrame;
  if (!frame || frame !== event.sender.mainFrame) return false;
  if (!windows.some((win) => !win.isDestroyed() && win.webContents === event.sender)) return false;
  const url = frame.url.split('#')[0]?.split('?')[0];
  return url === appUrl;
}

export function serveCoreOverIpc({ ipcMain, core, windows, appUrl }: IpcTransportOptions): () => void {
  ipcMain.handle(IPC_CHANNELS.request, async (event, name: unknown, payload: unknown): Promise<IpcResult<unknown>> => {
    if (!isTrustedSender(event, windows(), appUrl)) {
      return { ok: false, error: { code: 'unauthorized', message: 'Request refused: it did not come from the app window.' } };
    }
    return dispatchRequest(core.handlers, name, payload);
  });
  const unsubscribe = core.onEvent((name, payload) => {
    for (const win of windows()) {
      if (!win.isDestroyed()) win.webContents.send(IPC_CHANNELS.event, name, payload);
    }
  });
  return () => {
    unsubscribe();
    ipcMain.removeHandler(IPC_CHANNELS.request);
  };
}
