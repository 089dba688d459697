// Serves the core's contract over Electron IPC. A request is answered only when it comes from the
// main frame of one of the app's own windows showing one of the app's own pages (the main window's or the
// quick-ask popup's); anything else is refused.
// Each page load is one client of the core: when the page reloads or navigates, its renderer process
// goes, or its window closes, the client disconnects and what it held (push-to-talk, its mic meter) ends.
import type { BrowserWindow, IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { IPC_CHANNELS } from '../../shared/ipc/contract';
import { dispatchRequest, type IpcResult } from '../../shared/ipc/envelope';
import type { ClientContext } from '../app/clients';
import type { ServedCore } from '../app/context';
import { replayStandingError } from '../app/standing-error';

export interface IpcTransportOptions {
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>;
  core: ServedCore;
  windows: () => BrowserWindow[];
  /** The exact URLs of the app's pages (APP_PAGE_URL and QUICK_PAGE_URL, or the dev server's while developing). */
  appUrls: readonly string[];
}

export interface IpcTransport {
  /** Sends contract events to this window from each load of its page on (with any standing error). */
  attachWindow(win: BrowserWindow): void;
  close(): void;
}

export function isTrustedSender(event: Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>, windows: BrowserWindow[], appUrls: readonly string[]): boolean {
  const frame = event.senderFrame;
  if (!frame || frame !== event.sender.mainFrame) return false;
  if (!windows.some((win) => !win.isDestroyed() && win.webContents === event.sender)) return false;
  const url = frame.url.split('#')[0]?.split('?')[0];
  return url !== undefined && appUrls.includes(url);
}

export function serveCoreOverIpc({ ipcMain, core, windows, appUrls }: IpcTransportOptions): IpcTransport {
  const pages = new Map<WebContents, ClientContext>();
  const watched = new WeakSet<WebContents>();
  const leave = (contents: WebContents): void => {
    const client = pages.get(contents);
    if (!client) return;
    pages.delete(contents);
    void core.disconnect(client);
  };
  // The client of the page a window shows now; the next page load gets a new one.
  const clientOf = (contents: WebContents): ClientContext => {
    if (!watched.has(contents)) {
      watched.add(contents);
      contents.on('did-start-navigation', (details) => {
        if (details.isMainFrame && !details.isSameDocument) leave(contents);
      });
      contents.on('render-process-gone', () => leave(contents));
      contents.once('destroyed', () => leave(contents));
    }
    let client = pages.get(contents);
    if (!client) pages.set(contents, (client = core.connect('window')));
    return client;
  };

  ipcMain.handle(IPC_CHANNELS.request, async (event, name: unknown, payload: unknown): Promise<IpcResult<unknown>> => {
    if (!isTrustedSender(event, windows(), appUrls)) {
      return { ok: false, error: { code: 'unauthorized', message: 'Request refused: it did not come from the app window.' } };
    }
    return dispatchRequest(core.handlers, name, payload, clientOf(event.sender));
  });
  // A page that loads after a session failed at startup still learns why (events sent before a page has
  // loaded are lost).
  const replaying = replayStandingError(core);
  const detachers = new Set<() => void>();
  return {
    attachWindow(win) {
      let off: (() => void) | null = null;
      const detach = (): void => {
        off?.();
        off = null;
      };
      win.webContents.on('did-finish-load', () => {
        detach();
        off = replaying.onEvent((name, payload) => {
          if (!win.isDestroyed()) win.webContents.send(IPC_CHANNELS.event, name, payload);
        });
      });
      win.on('closed', detach);
      detachers.add(detach);
    },
    close() {
      for (const detach of detachers) detach();
      for (const contents of [...pages.keys()]) leave(contents);
      replaying.close();
      ipcMain.removeHandler(IPC_CHANNELS.request);
    },
  };
}
