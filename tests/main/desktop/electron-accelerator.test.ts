import { describe, expect, it } from 'vitest';
import { electronAccelerator } from '../../../src/main/desktop/electron-accelerator';

describe('electronAccelerator', () => {
  it('spells the hotkey the way Electron does', () => {
    expect(electronAccelerator('F9')).toBe('F9');
    expect(electronAccelerator('Ctrl+Space')).toBe('Control+Space');
    expect(electronAccelerator('alt+shift+k')).toBe('Alt+Shift+K');
    expect(electronAccelerator('Meta+F12')).toBe('Super+F12');
    // The arrows as the Settings key capture spells them.
    expect(electronAccelerator('Ctrl+Shift+ArrowUp')).toBe('Control+Shift+Up');
    expect(electronAccelerator('Alt+ArrowLeft')).toBe('Alt+Left');
  });

  it('has no answer for what globalShortcut cannot register', () => {
    expect(electronAccelerator('RightCtrl')).toBeNull();
    expect(electronAccelerator('Ctrl')).toBeNull();
    expect(electronAccelerator('Hyper+F9')).toBeNull();
    expect(electronAccelerator('')).toBeNull();
  });
});
