// Hardening applied to every window the app opens: the renderer is untrusted content.
import type { BrowserWindow, WebPreferences } from 'electron';

export const secureWebPreferences = (preloadPath: string): WebPreferences => ({
  preload: preloadPath,
  sandbox: true,
  contextIsolation: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
  spellcheck: false,
  // Middle-click opens links in new windows through a separate path from will-navigate.
  disableBlinkFeatures: 'Auxclick',
});

/** The app never navigates and never opens windows; external links are not ours to follow. */
export function lockDownNavigation(win: BrowserWindow, appUrl: string): void {
  win.webContents.on('will-navigate', (event, url) => {
    if (url !== appUrl) event.preventDefault();
  });
  win.webContents.on('will-redirect', (event) => event.preventDefault());
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  win.webContents.on('will-attach-webview', (event) => event.preventDefault());
}
