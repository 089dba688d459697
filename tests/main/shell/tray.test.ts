// The tray's menu as Electron receives it, against a stand-in of Electron's Tray and Menu: the Settings item,
// the mute and start-at-login checkboxes, what clicking them calls, and that the menu follows the state.
import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { createTray, type TrayActions } from '../../../src/main/shell/tray';

const electron = vi.hoisted(() => {
  class StandInTray {
    static last: StandInTray | null = null;
    menus: MenuItemConstructorOptions[][] = [];
    readonly handlers = new Map<string, () => void>();
    readonly images: unknown[] = [];
    constructor(image: unknown) {
      StandInTray.last = this;
      this.images.push(image);
    }
    isDestroyed(): boolean {
      return false;
    }
    setImage(image: unknown): void {
      this.images.push(image);
    }
    setToolTip(): void {}
    setContextMenu(menu: { template: MenuItemConstructorOptions[] }): void {
      this.menus.push(menu.template);
    }
    on(event: string, handler: () => void): void {
      this.handlers.set(event, handler);
    }
  }
  return {
    Tray: StandInTray,
    Menu: { buildFromTemplate: (template: MenuItemConstructorOptions[]) => ({ template }) },
    nativeImage: { createFromPath: (path: string) => ({ path }) },
    nativeTheme: { shouldUseDarkColorsForSystemIntegratedUI: false, on: () => undefined },
  };
});
vi.mock('electron', () => electron);

function standIn(overrides: Partial<TrayActions> = {}) {
  let startAtLogin = false;
  const calls: string[] = [];
  const actions: TrayActions = {
    quickAsk: () => calls.push('quickAsk'),
    show: () => calls.push('show'),
    openSettings: () => calls.push('openSettings'),
    setMode: (mode) => calls.push(`setMode:${mode}`),
    setMicMuted: (muted) => void calls.push(`setMicMuted:${muted}`),
    startAtLogin: () => startAtLogin,
    setStartAtLogin: (on) => {
      calls.push(`setStartAtLogin:${on}`);
      startAtLogin = on;
    },
    quit: () => calls.push('quit'),
    hotkey: () => 'F9',
    ...overrides,
  };
  const machine = createTray('/nowhere', actions);
  const tray = electron.Tray.last!;
  const menu = (): MenuItemConstructorOptions[] => tray.menus.at(-1)!;
  const item = (label: string): MenuItemConstructorOptions => {
    const found = menu().find((entry) => entry.label === label);
    if (!found) throw new Error(`no menu item ${label}`);
    return found;
  };
  const click = (label: string): unknown => (item(label).click as () => unknown)();
  return {
    calls,
    machine,
    tray,
    item,
    click,
    setStored: (on: boolean) => (startAtLogin = on),
    openMenu: () => tray.handlers.get('right-click')?.(),
  };
}

// The redraw after a change waits for it to settle; every promise callback due runs before the next task.
const settled = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('createTray', () => {
  it('offers Settings…, which asks for the Settings dialog', () => {
    const tray = standIn();
    expect(tray.item('Settings…')).not.toHaveProperty('type');
    tray.click('Settings…');
    expect(tray.calls).toEqual(['openSettings']);
  });

  it('draws start at login as a checkbox checked by the setting', () => {
    const tray = standIn({ startAtLogin: () => true });
    expect(tray.item('Start at login')).toMatchObject({ type: 'checkbox', checked: true });
  });

  it('turns start at login on from an unchecked item and shows the outcome', async () => {
    const tray = standIn();
    expect(tray.item('Start at login').checked).toBe(false);
    tray.click('Start at login');
    expect(tray.calls).toEqual(['setStartAtLogin:true']);
    await settled();
    expect(tray.item('Start at login').checked).toBe(true);
  });

  it('turns it off from a checked item', () => {
    const tray = standIn({ startAtLogin: () => true });
    tray.click('Start at login');
    expect(tray.calls).toEqual(['setStartAtLogin:false']);
  });

  it('puts the check back when the change fails', async () => {
    let finish = (): void => undefined;
    const tray = standIn({ setStartAtLogin: () => new Promise<void>((resolve) => (finish = resolve)) });
    tray.click('Start at login');
    // Electron ticks a clicked checkbox itself; the stand-in menu only changes when it is built again.
    const before = tray.tray.menus.length;
    finish();
    await settled();
    expect(tray.tray.menus.length).toBe(before + 1);
    expect(tray.item('Start at login').checked).toBe(false);
  });

  it('means what the item showed, even if the setting changed since the menu was built', () => {
    const tray = standIn();
    tray.setStored(true);
    tray.click('Start at login');
    expect(tray.calls).toEqual(['setStartAtLogin:true']);
  });

  it('reads the setting again as the menu opens (it may have changed in Settings)', () => {
    const tray = standIn();
    tray.setStored(true);
    tray.openMenu();
    expect(tray.item('Start at login').checked).toBe(true);
  });

  it('still leaves the mode in force alone', () => {
    const tray = standIn();
    tray.machine.seed({ connection: 'open', activity: 'idle', mode: 'vad', dialect: null, offlineDemo: false, hasKey: true, micMuted: false });
    tray.click('Hands-free');
    tray.click('Push to talk');
    expect(tray.calls).toEqual(['setMode:ptt']);
  });

  it('draws Mute microphone as a checkbox checked from the status, and clicking it asks for the opposite', () => {
    const tray = standIn();
    expect(tray.tray.menus.at(-1)!.some((entry) => entry.label === 'Mute microphone')).toBe(false);
    tray.machine.seed({ connection: 'open', activity: 'idle', mode: 'ptt', dialect: null, offlineDemo: false, hasKey: true, micMuted: false });
    expect(tray.item('Mute microphone')).toMatchObject({ type: 'checkbox', checked: false });
    tray.click('Mute microphone');
    expect(tray.calls).toEqual(['setMicMuted:true']);
    // The core's status event redraws the menu with the outcome.
    tray.machine.event('status', { connection: 'open', activity: 'idle', mode: 'ptt', dialect: null, offlineDemo: false, hasKey: true, micMuted: true });
    expect(tray.item('Mute microphone')).toMatchObject({ type: 'checkbox', checked: true });
    tray.click('Mute microphone');
    expect(tray.calls).toEqual(['setMicMuted:true', 'setMicMuted:false']);
  });

  it('puts the mute check back when nothing changed (Electron ticked the item itself)', async () => {
    const tray = standIn({ setMicMuted: () => undefined });
    tray.machine.seed({ connection: 'open', activity: 'idle', mode: 'ptt', dialect: null, offlineDemo: false, hasKey: true, micMuted: false });
    const before = tray.tray.menus.length;
    tray.click('Mute microphone');
    await settled();
    expect(tray.tray.menus.length).toBe(before + 1);
    expect(tray.item('Mute microphone').checked).toBe(false);
  });

  it('shows the state\'s own icon file from resources/tray (on Linux the light glyph, for dark panels)', () => {
    const { machine } = standIn();
    const tray = electron.Tray.last!;
    expect(tray.images.at(-1)).toEqual({ path: '/nowhere/tray/tray-offline-dark.png' });
    machine.seed({ connection: 'open', activity: 'speaking', mode: 'ptt', dialect: null, offlineDemo: false, hasKey: true, micMuted: false });
    expect(tray.images.at(-1)).toEqual({ path: '/nowhere/tray/tray-speaking-dark.png' });
  });
});
