// The tray menu as data: its items in order, the talk-mode radio checked by the current mode, and the
// items that appear only when they can do something.
import { describe, expect, it } from 'vitest';
import { trayMenu, type TrayMenuItem } from '../../../src/main/desktop/tray-menu';

const labels = (items: TrayMenuItem[]): string[] => items.map((item) => (item.type === 'separator' ? '—' : item.label));
const radios = (items: TrayMenuItem[]) => items.filter((item) => item.type === 'radio');

describe('trayMenu', () => {
  it('lists quick ask, the key hint, the modes, show, settings and quit, in that order', () => {
    expect(labels(trayMenu({ mode: 'ptt', hotkey: 'F9', settings: true }))).toEqual([
      'Quick ask…',
      'Hold F9 anywhere to talk',
      '—',
      'Push to talk',
      'Hands-free',
      '—',
      'Show Voice Assistant',
      'Settings…',
      '—',
      'Quit',
    ]);
  });

  it('gives each command its action, and the hint none (it is only text)', () => {
    const items = trayMenu({ mode: 'ptt', hotkey: 'F9', settings: true });
    expect(items.map((item) => (item.type === 'separator' ? 'separator' : item.action))).toEqual([
      'quickAsk',
      null,
      'separator',
      'mode:ptt',
      'mode:vad',
      'separator',
      'show',
      'settings',
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

  it('never starts or ends with a separator, nor puts two together', () => {
    for (const input of [{ mode: null }, { mode: 'vad', hotkey: 'F9' }, { mode: 'ptt', hotkey: 'F9', settings: true }] as const) {
      const types = trayMenu(input).map((item) => item.type);
      expect(types[0]).not.toBe('separator');
      expect(types.at(-1)).not.toBe('separator');
      expect(types.join(' ')).not.toContain('separator separator');
    }
  });
});
