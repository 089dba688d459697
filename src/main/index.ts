// Electron entry: app lifecycle only. Everything the app does lives in the core (src/main/**),
// which runs unchanged in plain Node; this file and src/main/shell/ are the only Electron code.
import { app, BrowserWindow } from 'electron';
import { createMainWindow } from './shell/main-window';

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    const [win] = BrowserWindow.getAllWindows();
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });
  app.enableSandbox();
  void app.whenReady().then(() => {
    createMainWindow();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) createMainWindow();
    });
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
}
