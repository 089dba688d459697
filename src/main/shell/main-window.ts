// The main window: created hidden and shown when ready, so the user never sees a blank frame.
import { join } from 'node:path';
import { BrowserWindow, session } from 'electron';
import { lockDownNavigation, secureWebPreferences } from './window-security';

const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
  "font-src 'self'; connect-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export function createMainWindow(): BrowserWindow {
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

  // Header CSP as well as the page's meta tag: the header also covers anything the meta cannot.
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CSP] } });
  });
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));

  const appUrl = new URL('../renderer/index.html', `file://${__dirname}/`).href;
  lockDownNavigation(win, appUrl);
  win.once('ready-to-show', () => win.show());
  void win.loadURL(appUrl);
  return win;
}
