// Hardening applied to every window the app opens: the renderer is untrusted content.
import type { App, WebPreferences } from 'electron';

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

/**
 * Every web contents the app ever creates (its window, and anything a compromised page might open)
 * never navigates away from the app's page, never follows a redirect, never opens a window and never
 * attaches a webview. Registered before the first window exists, so none escapes it.
 */
export function guardWebContents(app: Pick<App, 'on'>, appUrl: string): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (url !== appUrl) event.preventDefault();
    });
    contents.on('will-redirect', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });
}
