import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { trayIconFile } from '../../../src/main/desktop/tray-icon-file';
import { TRAY_STATES, TrayStateMachine } from '../../../src/main/desktop/tray-state';

describe('trayIconFile', () => {
  it('picks the template image on macOS, the taskbar theme on Windows, the light glyph on Linux', () => {
    expect(trayIconFile('tray-idle', 'darwin', false)).toBe('tray/tray-idleTemplate.png');
    expect(trayIconFile('tray-idle', 'win32', true)).toBe('tray/tray-idle-dark.png');
    expect(trayIconFile('tray-idle', 'win32', false)).toBe('tray/tray-idle.png');
    expect(trayIconFile('tray-idle', 'linux', false)).toBe('tray/tray-idle-dark.png');
  });

  it('names a file that ships, with its @2x partner, for every state the tray can show', () => {
    // The state machine names its icons tray-<state>.
    const icons = TRAY_STATES.map((state) => `tray-${state}`);
    expect(icons).toContain(new TrayStateMachine(() => undefined).view.icon);
    for (const icon of icons) {
      for (const [platform, dark] of [['darwin', false], ['win32', true], ['win32', false], ['linux', false]] as const) {
        const file = join('resources', trayIconFile(icon, platform, dark));
        expect(existsSync(file), file).toBe(true);
        expect(existsSync(file.replace(/\.png$/, '@2x.png')), file).toBe(true);
      }
    }
  });
});
