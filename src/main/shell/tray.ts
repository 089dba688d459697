// The tray, drawn from desktop/tray-state.ts (icon and tooltip) and desktop/tray-menu.ts (the menu): this
// file only turns their views into Electron calls.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Menu, Tray, nativeImage, type MenuItemConstructorOptions, type NativeImage } from 'electron';
import type { TalkMode } from '../../shared/domain';
import { trayMenu, type TrayAction, type TrayMenuItem } from '../desktop/tray-menu';
import { TrayStateMachine, type TrayView } from '../desktop/tray-state';

export interface TrayActions {
  quickAsk(): void;
  show(): void;
  /** Left out until the window can be told to open Settings: the menu then offers no Settings item. */
  openSettings?(): void;
  setMode(mode: TalkMode): void;
  quit(): void;
  hotkey(): string;
}

/**
 * Returns the state machine to feed with the core's events. Whoever holds it holds the tray too: a Tray
 * nothing refers to is garbage-collected and vanishes from the panel.
 */
export function createTray(resourcesDir: string, actions: TrayActions): TrayStateMachine {
  const images = new Map<string, NativeImage>();
  // Icons per state may be missing (none ship yet): the one tray icon stands in for any of them.
  const image = (icon: string): NativeImage => {
    let found = images.get(icon);
    if (!found) {
      const file = join(resourcesDir, `${icon}.png`);
      found = nativeImage.createFromPath(existsSync(file) ? file : join(resourcesDir, 'tray.png'));
      images.set(icon, found);
    }
    return found;
  };
  const run: Record<TrayAction, () => void> = {
    quickAsk: actions.quickAsk,
    'mode:ptt': () => actions.setMode('ptt'),
    'mode:vad': () => actions.setMode('vad'),
    show: actions.show,
    settings: () => actions.openSettings?.(),
    quit: actions.quit,
  };
  const toElectron = (item: TrayMenuItem): MenuItemConstructorOptions => {
    if (item.type === 'separator') return { type: 'separator' };
    const { action } = item;
    if (action === null) return { label: item.label, enabled: false };
    const click = (): void => {
      // Choosing the mode already in force would only rewrite the same setting.
      if (item.type === 'radio' && item.checked) return;
      run[action]();
    };
    return item.type === 'radio' ? { type: 'radio', label: item.label, checked: item.checked, click } : { label: item.label, click };
  };
  const menu = (view: TrayView): Menu =>
    Menu.buildFromTemplate(trayMenu({ mode: view.mode, hotkey: actions.hotkey(), settings: actions.openSettings !== undefined }).map(toElectron));

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
  // The key may have changed since the last state change; the menu is read again as it opens.
  tray.on('right-click', () => tray.setContextMenu(menu(machine.view)));
  return machine;
}
