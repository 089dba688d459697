// The tray, drawn from desktop/tray-state.ts (icon and tooltip) and desktop/tray-menu.ts (the menu): this
// file only turns their views into Electron calls.
import { join } from 'node:path';
import { Menu, Tray, nativeImage, nativeTheme, type MenuItemConstructorOptions, type NativeImage } from 'electron';
import type { TalkMode } from '../../shared/domain';
import { trayMenu, type TrayAction, type TrayMenuItem } from '../desktop/tray-menu';
import { trayIconFile } from '../desktop/tray-icon-file';
import { TrayStateMachine, type TrayView } from '../desktop/tray-state';

export interface TrayActions {
  quickAsk(): void;
  show(): void;
  openSettings(): void;
  setMode(mode: TalkMode): void;
  /** Resolves, when the change is asynchronous, once it has settled: the menu is then built again. */
  setMicMuted(muted: boolean): void | Promise<void>;
  /** The setting as it is now: read each time the menu is built. */
  startAtLogin(): boolean;
  /** Resolves, when the change is asynchronous, once it has settled: the menu is then built again. */
  setStartAtLogin(on: boolean): void | Promise<void>;
  quit(): void;
  hotkey(): string;
}

/**
 * Returns the state machine to feed with the core's events. Whoever holds it holds the tray too: a Tray
 * nothing refers to is garbage-collected and vanishes from the panel.
 */
export function createTray(resourcesDir: string, actions: TrayActions): TrayStateMachine {
  const images = new Map<string, NativeImage>();
  // On Windows the taskbar has a theme of its own, which the icon follows.
  const taskbarDark = (): boolean => nativeTheme.shouldUseDarkColorsForSystemIntegratedUI;
  const image = (icon: string): NativeImage => {
    const file = join(resourcesDir, trayIconFile(icon, process.platform, taskbarDark()));
    let found = images.get(file);
    if (!found) {
      found = nativeImage.createFromPath(file);
      images.set(file, found);
    }
    return found;
  };
  // A checkbox's action gets the state the item showed: if the setting changed elsewhere since the menu was
  // built, the click still means the opposite of what the user saw. Building the menu again once the change
  // has settled makes it show the outcome, a failure included.
  const run: Record<TrayAction, (shownChecked: boolean) => void> = {
    quickAsk: actions.quickAsk,
    'mode:ptt': () => actions.setMode('ptt'),
    'mode:vad': () => actions.setMode('vad'),
    mute: (shown) => void Promise.resolve(actions.setMicMuted(!shown)).finally(redrawMenu),
    show: actions.show,
    settings: actions.openSettings,
    startAtLogin: (shown) => void Promise.resolve(actions.setStartAtLogin(!shown)).finally(redrawMenu),
    quit: actions.quit,
  };
  const toElectron = (item: TrayMenuItem): MenuItemConstructorOptions => {
    if (item.type === 'separator') return { type: 'separator' };
    const { action } = item;
    if (action === null) return { label: item.label, enabled: false };
    const click = (): void => {
      // Choosing the mode already in force would only rewrite the same setting.
      if (item.type === 'radio' && item.checked) return;
      run[action](item.type !== 'normal' && item.checked);
    };
    if (item.type === 'normal') return { label: item.label, click };
    return { type: item.type, label: item.label, checked: item.checked, click };
  };
  const menu = (view: TrayView): Menu =>
    Menu.buildFromTemplate(trayMenu({ mode: view.mode, micMuted: view.micMuted, hotkey: actions.hotkey(), settings: true, startAtLogin: actions.startAtLogin() }).map(toElectron));
  const redrawMenu = (): void => {
    if (!tray.isDestroyed()) tray.setContextMenu(menu(machine.view));
  };

  const draw = (view: TrayView): void => {
    // Closing the core at quit still publishes its last states.
    if (tray.isDestroyed()) return;
    tray.setImage(image(view.icon));
    tray.setToolTip(view.tooltip);
    tray.setContextMenu(menu(view));
  };
  const machine = new TrayStateMachine(draw, { hotkey: actions.hotkey });
  const tray = new Tray(image(machine.view.icon));
  draw(machine.view);
  tray.on('click', actions.quickAsk);
  // The key or start at login may have changed since the last state change; the menu is read again as it opens.
  tray.on('right-click', redrawMenu);
  nativeTheme.on('updated', () => {
    if (!tray.isDestroyed()) tray.setImage(image(machine.view.icon));
  });
  return machine;
}
