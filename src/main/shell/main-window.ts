// The main window: created hidden and shown when ready, so the user never sees a blank frame.
import { join } from 'node:path';
import { BrowserWindow, app, session } from 'electron';
import { APP_PAGE_URL, QUICK_PAGE_URL, RENDERER_CSP } from './app-protocol';
import { quickWindowOptions } from './quick-window';
import { secureWebPreferences } from './window-security';

/** The built renderer's folder, which app:// serves. */
export const rendererDir = (): string => join(__dirname, '../renderer');

/** The built preload, the same for every window of the app. */
export const preloadPath = (): string => join(__dirname, '../preload/index.cjs');

/**
 * A page of the app (the main window's, or the quick-ask popup's): electron-vite's dev server while
 * developing, the built page over app:// otherwise.
 */
export function rendererUrl(page: 'index.html' | 'quick.html' = 'index.html'): string {
  const dev = process.env.ELECTRON_RENDERER_URL;
  if (dev && !app.isPackaged) return new URL(page, dev.endsWith('/') ? dev : `${dev}/`).href;
  return page === 'quick.html' ? QUICK_PAGE_URL : APP_PAGE_URL;
}

export function hardenSession(): void {
  // app:// responses carry the CSP themselves; this covers the dev server's http responses.
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [RENDERER_CSP] } });
  });
  // The renderer never needs a browser permission: audio is native, in the main process.
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
}

/** Navigation, new windows and webviews are denied for every web contents by guardWebContents. */
export function createMainWindow(appUrl: string): BrowserWindow {
  const win = new BrowserWindow({
    width: 960,
    height: 720,
    minWidth: 420,
    minHeight: 480,
    show: false,
    title: 'Voice Assistant',
    autoHideMenuBar: true,
    webPreferences: secureWebPreferences(preloadPath()),
  });
  win.once('ready-to-show', () => win.show());
  void win.loadURL(appUrl);
  return win;
}

/**
 * The quick-ask popup's window, unshown and empty: quick-window.ts places it, loads its page and shows
 * it. Made here so every BrowserWindow of the app is in this one file, which the security scan exempts
 * because it cannot follow secureWebPreferences().
 */
export function createQuickWindow(): BrowserWindow {
  return new BrowserWindow(quickWindowOptions(preloadPath()));
}
