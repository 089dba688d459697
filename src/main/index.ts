// Electron entry: composes the core with the Electron-only parts (window, tray, global key, keychain).
// Everything the app does lives in the core (src/main/**), which runs unchanged in plain Node.
import { homedir } from 'node:os';
import { join } from 'node:path';
import { BrowserWindow, app, dialog, globalShortcut, ipcMain, protocol, safeStorage, screen, systemPreferences } from 'electron';
import { startOfflineDemoServer } from '../sim/index';
import { dispatchRequest } from '../shared/ipc/envelope';
import { createAppCore, type AppCore } from './app/core';
import { openHistoryForApp } from './history/open-for-app';
import { logNativeDiagnostics } from './app/diagnostics-log';
import { withMicrophoneAccess } from './app/microphone-access';
import { createAudioService } from './audio/engine';
import { hookFallbackNotice, hookLimitation, hookUnavailableReason } from './hotkey/hook-availability';
import { SettingsService } from './settings/settings-service';
import { registerAppScheme, serveAppProtocol } from './shell/app-protocol';
import { openElectronSettings, openKeyFile } from './shell/electron-stores';
import { serveCoreOverIpc, type IpcTransport } from './shell/ipc-transport';
import { KeychainSecretStore } from './shell/keychain-secret-store';
import { keyOriginDialog } from './shell/key-origin-dialog';
import { createMainWindow, createQuickWindow, hardenSession, rendererDir, rendererUrl } from './shell/main-window';
import { createQuickAsk } from './shell/quick-window';
import { createTray } from './shell/tray';
import { electronAccelerator } from './desktop/electron-accelerator';
import { launchAction, TalkToggle } from './desktop/launch-trigger';
import { startQuickAskKey } from './desktop/quick-ask-key';
import { applyStartAtLogin, xdgConfigHome } from './desktop/start-at-login';
import { guardWebContents } from './shell/window-security';

let core: AppCore | null = null;
let transport: IpcTransport | null = null;
let mainWindow: BrowserWindow | null = null;
let quitting = false;

function showWindow(): BrowserWindow {
  if (!mainWindow || mainWindow.isDestroyed()) {
    mainWindow = createMainWindow(rendererUrl());
    transport?.attachWindow(mainWindow);
    // Closing the window keeps the assistant in the tray, reachable by the hotkey.
    mainWindow.on('close', (event) => {
      if (!quitting) {
        event.preventDefault();
        mainWindow?.hide();
      }
    });
  }
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.show();
  mainWindow.focus();
  return mainWindow;
}

// Electron keeps login items only on macOS and Windows; elsewhere an autostart entry is written.
function startAtLogin(enabled: boolean): string | null {
  return applyStartAtLogin(enabled, {
    platform: process.platform,
    configHome: xdgConfigHome(process.env, homedir()),
    // An AppImage runs from a mount that changes every launch; $APPIMAGE is the file itself.
    execPath: process.env.APPIMAGE || app.getPath('exe'),
    args: app.isPackaged ? [] : [app.getAppPath()],
    setLoginItem: (openAtLogin) => app.setLoginItemSettings({ openAtLogin }),
  });
}

/** What a second launch does; until the core is up it only shows the window. */
let onSecondLaunch = (_argv: string[]): void => void showWindow();

async function start(): Promise<void> {
  hardenSession();
  serveAppProtocol(protocol, rendererDir());
  const startupNotices: string[] = [];
  // What the native audio layer says goes to a log file, not the terminal (README: Troubleshooting).
  logNativeDiagnostics(app.getPath('logs'));
  // Known before the window exists, so it is kept as a startup notice (a page that subscribes later sees it).
  const hookProblem = hookUnavailableReason(process.platform, process.env, {
    accessibilityTrusted: process.platform === 'darwin' ? systemPreferences.isTrustedAccessibilityClient(false) : undefined,
  });
  // The hook runs, but hears less than the user would expect (Wayland through XWayland).
  const hookLimit = hookProblem ? null : hookLimitation(process.platform, process.env);
  if (hookLimit) startupNotices.push(hookLimit);
  const settings = new SettingsService(openElectronSettings(app.getPath('userData'), startupNotices));
  // Without the hook, Electron's globalShortcut (key presses only) stands in, in toggle mode.
  const fallbackKey = hookProblem ? electronAccelerator(settings.get().hotkey) : null;
  if (hookProblem) startupNotices.push(hookFallbackNotice(hookProblem, process.platform, fallbackKey ? settings.get().hotkey : null));
  const secrets = new KeychainSecretStore(safeStorage, openKeyFile(app.getPath('userData'), startupNotices));
  // Again at every start: the app may have moved, or an earlier attempt failed.
  const loginProblem = startAtLogin(settings.get().startAtLogin);
  if (loginProblem) startupNotices.push(loginProblem);
  core = await createAppCore({
    settings,
    secrets,
    // macOS records silence from an app without microphone access: ask first, and say where to turn it on.
    audio:
      process.platform === 'darwin'
        ? withMicrophoneAccess(createAudioService(), async () => systemPreferences.getMediaAccessStatus('microphone') === 'granted' || systemPreferences.askForMediaAccess('microphone'))
        : createAudioService(),
    startLocalServer: startOfflineDemoServer,
    startAtLogin,
    startupNotices,
    history: openHistoryForApp(app.getPath('userData'), startupNotices),
    // Modal for the window when it is there (at startup it may not be yet).
    confirmKeyOrigin: keyOriginDialog((options) => (mainWindow && !mainWindow.isDestroyed() ? dialog.showMessageBox(mainWindow, options) : dialog.showMessageBox(options))),
  });
  const appCore = core;
  // Two pages may call the core: the main window's and the quick-ask popup's.
  transport = serveCoreOverIpc({
    ipcMain,
    core: appCore,
    windows: () => BrowserWindow.getAllWindows(),
    appUrls: [rendererUrl('index.html'), rendererUrl('quick.html')],
  });
  showWindow();
  const talkToggle = new TalkToggle(appCore);
  const toggleTalk = (): void =>
    void talkToggle.toggle().then((result) => {
      if (!result.ok) appCore.notify('notice', { message: result.message });
    });
  if (fallbackKey && !globalShortcut.register(fallbackKey, toggleTalk)) {
    appCore.notify('notice', { message: `${settings.get().hotkey} could not be registered as a shortcut (another app may use it).` });
  }
  onSecondLaunch = (argv) => {
    const action = launchAction(argv);
    if (action === 'quick-ask') quickAsk.toggle();
    else if (action === 'toggle-talk') toggleTalk();
    else void showWindow();
  };
  const quickAsk = createQuickAsk({
    create: createQuickWindow,
    screen,
    url: rendererUrl('quick.html'),
    onCreate: (win) => transport?.attachWindow(win),
  });
  // The popup's own key is a press, not a hold: Electron's globalShortcut is enough, with or without the hook.
  const quickAskKey = startQuickAskKey({
    shortcuts: globalShortcut,
    settings,
    onPress: () => quickAsk.toggle(),
    notice: (message) => appCore.notify('notice', { message }),
  });

  // The global key (the same composition web mode uses with --global-hotkey); where the hook cannot run,
  // the window says why and how to talk instead.
  // (Not even loaded without a display: the native hook then breaks the process's exit.)
  const hotkey = hookProblem ? null : (await import('./desktop/global-key')).startGlobalKey({ core: appCore, settings, knownProblem: hookProblem });

  const resourcesDir = app.isPackaged ? join(process.resourcesPath, 'resources') : join(app.getAppPath(), 'resources');
  const trayClient = appCore.connect('tray');
  const trayState = createTray(resourcesDir, {
    // Also what a click on the tray icon does.
    quickAsk: () => quickAsk.toggle(),
    show: () => void showWindow(),
    openSettings: () => {
      const { webContents } = showWindow();
      // A page still loading (the window just made again) subscribes as it loads, so it is told after.
      if (webContents.isLoading()) webContents.once('did-finish-load', () => appCore.notify('openSettings', {}));
      else appCore.notify('openSettings', {});
    },
    setMode: (mode) =>
      void dispatchRequest(appCore.handlers, 'setMode', { mode }, trayClient).then((reply) => {
        if (!reply.ok) appCore.notify('notice', { message: reply.error.message });
      }),
    setMicMuted: (muted) =>
      dispatchRequest(appCore.handlers, 'setMicMuted', { muted }, trayClient).then((reply) => {
        if (!reply.ok) appCore.notify('notice', { message: reply.error.message });
      }),
    startAtLogin: () => settings.get().startAtLogin,
    setStartAtLogin: (on) =>
      dispatchRequest(appCore.handlers, 'updateSettings', { startAtLogin: on }, trayClient).then((reply) => {
        if (!reply.ok) appCore.notify('notice', { message: reply.error.message });
      }),
    quit: () => app.quit(),
    hotkey: () => settings.get().hotkey,
  });
  appCore.onEvent((name, payload) => trayState.event(name, payload));
  // The session may have settled before the tray subscribed (no key: nothing more is said until a change).
  void dispatchRequest(appCore.handlers, 'getStatus', undefined, trayClient).then((reply) => {
    if (reply.ok) trayState.seed(reply.value);
  });

  app.on('before-quit', () => {
    quitting = true;
    hotkey?.stop();
    quickAskKey.stop();
    globalShortcut.unregisterAll();
  });
  app.on('will-quit', (event) => {
    if (!core) return;
    event.preventDefault();
    const closing = core;
    core = null;
    void closing.close().finally(() => app.exit(0));
  });
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  // A second launch hands its arguments over and exits: `--toggle-talk` / `--quick-ask` for desktops where
  // no key hook sees keys (bind the command to a key in the desktop's keyboard settings).
  app.on('second-instance', (_event, argv) => onSecondLaunch(argv));
  app.enableSandbox();
  registerAppScheme(protocol);
  guardWebContents(app, rendererUrl());
  void app.whenReady().then(start);
  app.on('activate', () => void showWindow());
  app.on('window-all-closed', () => {
    // The assistant lives in the tray; quitting is explicit.
  });
}
