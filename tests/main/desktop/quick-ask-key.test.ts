import { describe, expect, it } from 'vitest';
import { QuickAskKey, startQuickAskKey, type ShortcutRegistry } from '../../../src/main/desktop/quick-ask-key';
import { SettingsService } from '../../../src/main/settings/settings-service';

/** Electron's globalShortcut as far as the key uses it: one owner per accelerator, some taken by other programs. */
class FakeShortcuts implements ShortcutRegistry {
  readonly held = new Map<string, () => void>();
  readonly calls: string[] = [];
  takenElsewhere = new Set<string>();

  register(accelerator: string, onPress: () => void): boolean {
    this.calls.push(`register ${accelerator}`);
    if (this.held.has(accelerator) || this.takenElsewhere.has(accelerator)) return false;
    this.held.set(accelerator, onPress);
    return true;
  }

  unregister(accelerator: string): void {
    this.calls.push(`unregister ${accelerator}`);
    this.held.delete(accelerator);
  }

  press(accelerator: string): void {
    this.held.get(accelerator)?.();
  }
}

function setup(store: Record<string, unknown> = {}, taken: string[] = []) {
  const shortcuts = new FakeShortcuts();
  shortcuts.takenElsewhere = new Set(taken);
  const settings = new SettingsService({ store });
  const notices: string[] = [];
  let presses = 0;
  const key = startQuickAskKey({ shortcuts, settings, onPress: () => presses++, notice: (message) => notices.push(message) });
  return { shortcuts, settings, notices, key, presses: () => presses };
}

describe('the quick-ask key', () => {
  it('registers the default key at start, and a press calls onPress', () => {
    const { shortcuts, notices, key, presses } = setup();
    expect([...shortcuts.held.keys()]).toEqual(['Control+Alt+Space']);
    expect(key.accelerator).toBe('Control+Alt+Space');
    shortcuts.press('Control+Alt+Space');
    shortcuts.press('Control+Alt+Space');
    expect(presses()).toBe(2);
    expect(notices).toEqual([]);
  });

  it('follows the setting: the old key is given back and the new one taken', () => {
    const { shortcuts, settings, presses } = setup({ quickAskHotkey: 'F10' });
    expect([...shortcuts.held.keys()]).toEqual(['F10']);
    settings.update({ quickAskHotkey: 'Alt+Shift+Q' });
    expect([...shortcuts.held.keys()]).toEqual(['Alt+Shift+Q']);
    shortcuts.press('F10');
    shortcuts.press('Alt+Shift+Q');
    expect(presses()).toBe(1);
  });

  it('leaves the shortcut alone when other settings change or the key is spelled differently', () => {
    const { shortcuts, settings } = setup();
    shortcuts.calls.length = 0;
    settings.update({ hotkey: 'F8', voice: 'verse' });
    settings.update({ quickAskHotkey: 'ctrl + alt + space' });
    expect(shortcuts.calls).toEqual([]);
    expect([...shortcuts.held.keys()]).toEqual(['Control+Alt+Space']);
  });

  it('registers nothing when there is no key, and gives the old one back when the key is cleared', () => {
    const none = setup({ quickAskHotkey: '' });
    expect(none.shortcuts.calls).toEqual([]);
    expect(none.notices).toEqual([]);

    const { shortcuts, settings, notices, key } = setup();
    settings.update({ quickAskHotkey: '' });
    expect(shortcuts.held.size).toBe(0);
    expect(key.accelerator).toBeNull();
    expect(notices).toEqual([]);
  });

  it('says so when another program holds the key, and tries again when the setting changes', () => {
    const { shortcuts, settings, notices, key } = setup({}, ['Control+Alt+Space']);
    expect(notices).toEqual(['Ctrl+Alt+Space could not be registered as the quick-ask key (another app may use it). Pick another in Settings.']);
    expect(key.accelerator).toBeNull();
    settings.update({ quickAskHotkey: 'Ctrl+Alt+K' });
    expect([...shortcuts.held.keys()]).toEqual(['Control+Alt+K']);
    expect(notices).toHaveLength(1);
  });

  it('says so when the key is one a system shortcut cannot name, or Electron refuses its spelling', () => {
    const { shortcuts, settings, notices } = setup({ quickAskHotkey: 'RightCtrl' });
    expect(shortcuts.calls).toEqual([]);
    expect(notices).toEqual([
      'RightCtrl cannot be the quick-ask key: a system shortcut needs a key such as Space, a letter or F1 to F24, with or without Ctrl, Alt, Shift or Meta. Pick another in Settings.',
    ]);
    settings.update({ quickAskHotkey: 'Ctrl+Numpad5' });
    expect(notices[1]).toMatch(/^Ctrl\+Numpad5 cannot be the quick-ask key/);

    const bogus = new QuickAskKey({
      shortcuts: { register: () => { throw new Error('conversion failure'); }, unregister: () => {} },
      settings,
      onPress: () => {},
      notice: (message) => notices.push(message),
    });
    settings.update({ quickAskHotkey: 'F7' });
    bogus.start();
    expect(notices.at(-1)).toBe('F7 could not be registered as the quick-ask key (another app may use it). Pick another in Settings.');
    expect(bogus.accelerator).toBeNull();
    bogus.stop();
  });

  it('a key that failed stays failed only until it is set again', () => {
    const { shortcuts, settings, notices } = setup({ quickAskHotkey: 'F10' }, ['F10']);
    shortcuts.takenElsewhere.clear();
    settings.update({ quickAskHotkey: 'f10' });
    expect([...shortcuts.held.keys()]).toEqual(['F10']);
    expect(notices).toHaveLength(1);
  });

  it('gives the key back on stop and no longer follows the setting', () => {
    const { shortcuts, settings, key, presses } = setup();
    key.stop();
    expect(shortcuts.held.size).toBe(0);
    expect(shortcuts.calls.at(-1)).toBe('unregister Control+Alt+Space');
    settings.update({ quickAskHotkey: 'F10' });
    expect(shortcuts.held.size).toBe(0);
    expect(settings.listenerCount('change')).toBe(0);
    shortcuts.press('Control+Alt+Space');
    expect(presses()).toBe(0);
    // Stopping twice is harmless (the app stops it on quit, and may quit twice).
    key.stop();
    expect(shortcuts.calls.filter((c) => c.startsWith('unregister'))).toHaveLength(1);
  });
});
