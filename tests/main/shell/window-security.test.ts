import { EventEmitter } from 'node:events';
import type { BrowserWindow } from 'electron';
import { describe, expect, it } from 'vitest';
import { lockDownNavigation, secureWebPreferences } from '../../../src/main/shell/window-security';

describe('window security', () => {
  it('uses a sandboxed, isolated renderer without Node', () => {
    expect(secureWebPreferences('/p/preload.cjs')).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false, webviewTag: false, webSecurity: true, disableBlinkFeatures: 'Auxclick' });
  });

  it('denies navigation away from the app, redirects, webviews and new windows', () => {
    const webContents = Object.assign(new EventEmitter(), { openHandler: null as null | (() => unknown), setWindowOpenHandler(fn: () => unknown) { this.openHandler = fn; } });
    lockDownNavigation({ webContents } as unknown as BrowserWindow, 'file:///app/index.html');
    const attempt = (name: string, url?: string): boolean => {
      let prevented = false;
      webContents.emit(name, { preventDefault: () => (prevented = true) }, url);
      return prevented;
    };
    expect(attempt('will-navigate', 'https://evil.example/')).toBe(true);
    expect(attempt('will-navigate', 'file:///app/index.html')).toBe(false);
    expect(attempt('will-redirect', 'https://evil.example/')).toBe(true);
    expect(attempt('will-attach-webview')).toBe(true);
    expect(webContents.openHandler?.()).toEqual({ action: 'deny' });
  });
});
