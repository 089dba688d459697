import { EventEmitter } from 'node:events';
import type { App } from 'electron';
import { describe, expect, it } from 'vitest';
import { guardWebContents, secureWebPreferences } from '../../../src/main/shell/window-security';

const APP_URL = 'app://renderer/index.html';

function fakeContents() {
  return Object.assign(new EventEmitter(), {
    openHandler: null as null | (() => unknown),
    setWindowOpenHandler(fn: () => unknown) {
      this.openHandler = fn;
    },
  });
}

describe('window security', () => {
  it('uses a sandboxed, isolated renderer without Node', () => {
    expect(secureWebPreferences('/p/preload.cjs')).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false, webviewTag: false, webSecurity: true, disableBlinkFeatures: 'Auxclick' });
  });

  it('denies navigation away from the app page, redirects, webviews and new windows for every web contents', () => {
    const app = new EventEmitter();
    guardWebContents(app as unknown as App, APP_URL);
    // The app's own window and anything else that comes to exist are guarded alike.
    for (const contents of [fakeContents(), fakeContents()]) {
      app.emit('web-contents-created', {}, contents);
      const attempt = (name: string, url?: string): boolean => {
        let prevented = false;
        contents.emit(name, { preventDefault: () => (prevented = true) }, url);
        return prevented;
      };
      expect(attempt('will-navigate', 'https://evil.example/')).toBe(true);
      expect(attempt('will-navigate', 'file:///opt/app/out/renderer/index.html')).toBe(true);
      expect(attempt('will-navigate', 'app://renderer/other.html')).toBe(true);
      expect(attempt('will-navigate', APP_URL)).toBe(false);
      expect(attempt('will-redirect', 'https://evil.example/')).toBe(true);
      expect(attempt('will-attach-webview')).toBe(true);
      expect(contents.openHandler?.()).toEqual({ action: 'deny' });
    }
  });
});
