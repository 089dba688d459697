// The main window: created hidden and shown when ready, so the user never sees a blank frame.
import { join } from 'node:path';
import { BrowserWindow, app, session } from 'electron';
import { lockDownNavigation, secureWebPreferences } from './window-security';

const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
  "font-src 'self'; connect-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** The page the app shows: electron-vite's dev server while developing, the built file otherwise. */
export function rendererUrl(): string {
  const dev = process.env.ELECTRON_RENDERER_URL;
  if (dev && !app.isPackaged) return new URL('index.html', dev.endsWith('/') ? dev : `${dev}/`).href;
  return new URL('../renderer/index.html', `file://${__dirname}/`).href;
}

export function hardenSession(): void {
  // Header CSP as well as the page's meta tag: the header also covers what a meta tag cannot.
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CSP] } });
  });
  // The renderer never needs a browser permission: audio is native, in the main process.
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
}

export function createMainWindow(appUrl: string): BrowserWindow {
  const win = new BrowserWindow({
    width: 960,
    height: 720,
    minWidth: 420,
    minHeight: 480,
    show: false,
    title: 'Voice Assistant',
    autoHideMenuBar: true,
    webPreferences: secureWebPreferences(join(__dirname, '../preload/index.cjs')),
  });
  lockDownNavigation(win, appUrl);
  win.once('ready-to-show', () => win.show());
  void win.loadURL(appUrl);
  return win;
}
