import { describe, expect, it } from 'vitest';
import { HOTKEY_MODES } from '../../src/shared/domain';
import { DEFAULT_SETTINGS, migrateSettings, settingsPatchSchema, settingsSchema } from '../../src/shared/settings';

describe('the hotkey mode setting', () => {
  it('defaults to hold, and the defaults are valid settings', () => {
    expect(DEFAULT_SETTINGS.hotkeyMode).toBe('hold');
    expect(settingsSchema.safeParse(DEFAULT_SETTINGS).success).toBe(true);
  });

  it('takes every mode in a patch, alone, and nothing else', () => {
    for (const hotkeyMode of HOTKEY_MODES) expect(settingsPatchSchema.parse({ hotkeyMode })).toEqual({ hotkeyMode });
    expect(settingsSchema.shape.hotkeyMode.options).toEqual([...HOTKEY_MODES]);
    expect(settingsPatchSchema.safeParse({ hotkeyMode: 'double-tap' }).success).toBe(false);
  });

  it('comes back as the default from a file that lacks it or holds a bad one', () => {
    expect(migrateSettings({ hotkey: 'F8' })).toMatchObject({ hotkey: 'F8', hotkeyMode: 'hold' });
    expect(migrateSettings({ hotkeyMode: 'sticky' }).hotkeyMode).toBe('hold');
    expect(migrateSettings({ hotkeyMode: 'toggle' }).hotkeyMode).toBe('toggle');
  });
});
