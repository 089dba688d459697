// The tray menu as data: its items in order, the talk-mode radio checked by the current mode, and the
// items that appear only when they can do something.
import { describe, expect, it } from 'vitest';
import { trayMenu, type TrayMenuItem } from '../../../src/main/desktop/tray-menu';

const labels = (items: TrayMenuItem[]): string[] => items.map((item) => (item.type === 'separator' ? '—' : item.label));
const radios = (items: TrayMenuItem[]) => items.filter((item) => item.type === 'radio');
const checkboxes = (items: TrayMenuItem[]) => items.filter((item) => item.type === 'checkbox');

describe('trayMenu', () => {
  it('lists quick ask, the key hint, the modes, mute, show, settings, start at login and quit, in that order', () => {
    expect(labels(trayMenu({ mode: 'ptt', micMuted: false, hotkey: 'F9', settings: true, startAtLogin: false }))).toEqual([
      'Quick ask…',
      'Hold F9 anywhere to talk',
      '—',
      'Push to talk',
      'Hands-free',
      'Mute microphone',
      '—',
      'Show Voice Assistant',
      'Settings…',
      'Start at login',
      '—',
      'Quit',
    ]);
  });

  it('gives each command its action, and the hint none (it is only text)', () => {
    const items = trayMenu({ mode: 'ptt', micMuted: true, hotkey: 'F9', settings: true, startAtLogin: true });
    expect(items.map((item) => (item.type === 'separator' ? 'separator' : item.action))).toEqual([
      'quickAsk',
      null,
      'separator',
      'mode:ptt',
      'mode:vad',
      'mute',
      'separator',
      'show',
      'settings',
      'startAtLogin',
      'separator',
      'quit',
    ]);
  });

  it.each([
    ['ptt', [true, false]],
    ['vad', [false, true]],
    [null, [false, false]],
  ] as const)('checks the radio item of mode %s', (mode, checked) => {
    expect(radios(trayMenu({ mode })).map((item) => [item.action, item.checked])).toEqual([
      ['mode:ptt', checked[0]],
      ['mode:vad', checked[1]],
    ]);
  });

  it('shows the key hint only in push-to-talk mode, with a key', () => {
    const hinted = (input: Parameters<typeof trayMenu>[0]) => labels(trayMenu(input)).some((label) => label.startsWith('Hold'));
    expect(hinted({ mode: 'ptt', hotkey: ' Ctrl+Space ' })).toBe(true);
    expect(labels(trayMenu({ mode: 'ptt', hotkey: ' Ctrl+Space ' }))).toContain('Hold Ctrl+Space anywhere to talk');
    expect(hinted({ mode: 'vad', hotkey: 'F9' })).toBe(false);
    expect(hinted({ mode: null, hotkey: 'F9' })).toBe(false);
    expect(hinted({ mode: 'ptt', hotkey: '' })).toBe(false);
    expect(hinted({ mode: 'ptt', hotkey: null })).toBe(false);
    expect(hinted({ mode: 'ptt' })).toBe(false);
  });

  it('leaves Settings out unless the shell can open it', () => {
    expect(labels(trayMenu({ mode: 'ptt' }))).not.toContain('Settings…');
    expect(labels(trayMenu({ mode: 'ptt', settings: false }))).not.toContain('Settings…');
    expect(labels(trayMenu({ mode: 'ptt', settings: true }))).toContain('Settings…');
  });

  it.each([true, false])('shows start at login as a checkbox checked by the setting (%s)', (startAtLogin) => {
    expect(checkboxes(trayMenu({ mode: 'vad', startAtLogin }))).toEqual([
      { type: 'checkbox', label: 'Start at login', action: 'startAtLogin', checked: startAtLogin },
    ]);
  });

  it.each([true, false])('shows Mute microphone as a checkbox checked by the status (%s)', (micMuted) => {
    expect(checkboxes(trayMenu({ mode: 'vad', micMuted }))).toEqual([{ type: 'checkbox', label: 'Mute microphone', action: 'mute', checked: micMuted }]);
  });

  it('leaves Mute microphone out until a status has said whether it is muted', () => {
    expect(labels(trayMenu({ mode: null }))).not.toContain('Mute microphone');
    expect(labels(trayMenu({ mode: null, micMuted: null }))).not.toContain('Mute microphone');
  });

  it('leaves start at login out while the setting is not known', () => {
    expect(labels(trayMenu({ mode: 'ptt' }))).not.toContain('Start at login');
    expect(labels(trayMenu({ mode: 'ptt', startAtLogin: null }))).not.toContain('Start at login');
    expect(checkboxes(trayMenu({ mode: 'ptt', settings: true, startAtLogin: null }))).toEqual([]);
  });

  it('keeps start at login with the window items when Settings is left out', () => {
    expect(labels(trayMenu({ mode: 'vad', startAtLogin: true })).slice(-4)).toEqual(['Show Voice Assistant', 'Start at login', '—', 'Quit']);
  });

  it('never starts or ends with a separator, nor puts two together', () => {
    const inputs = [
      { mode: null },
      { mode: 'vad', hotkey: 'F9' },
      { mode: 'ptt', hotkey: 'F9', settings: true },
      { mode: 'ptt', startAtLogin: false },
      { mode: 'vad', settings: true, startAtLogin: true },
      { mode: 'ptt', micMuted: true },
      { mode: 'vad', micMuted: false, settings: true, startAtLogin: false },
    ] as const;
    for (const input of inputs) {
      const types = trayMenu(input).map((item) => item.type);
      expect(types[0]).not.toBe('separator');
      expect(types.at(-1)).not.toBe('separator');
      expect(types.join(' ')).not.toContain('separator separator');
    }
  });
});
