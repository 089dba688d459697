import { UiohookKey } from 'uiohook-napi';
import { describe, expect, it } from 'vitest';
import { electronAccelerator } from '../../src/main/desktop/electron-accelerator';
import { parseHotkey } from '../../src/main/hotkey/hotkey-spec';
import { HOTKEY_MODES } from '../../src/shared/domain';
import { sameHotkey } from '../../src/shared/hotkey-capture';
import { DEFAULT_SETTINGS, HALF_DUPLEX_MODES, migrateSettings, settingsPatchSchema, settingsSchema } from '../../src/shared/settings';

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

describe('the quick-ask key setting', () => {
  it('defaults to a key both the hook and Electron can take', () => {
    expect(DEFAULT_SETTINGS.quickAskHotkey).toBe('Ctrl+Alt+Space');
    const spec = parseHotkey(DEFAULT_SETTINGS.quickAskHotkey);
    expect(spec).toMatchObject({ keycodes: [UiohookKey.Space], ctrl: true, alt: true, shift: false, meta: false });
    expect(electronAccelerator(DEFAULT_SETTINGS.quickAskHotkey)).toBe('Control+Alt+Space');
    expect(sameHotkey(DEFAULT_SETTINGS.quickAskHotkey, DEFAULT_SETTINGS.hotkey)).toBe(false);
  });

  it('takes a key or nothing in a patch, alone, but not a key too long to be one', () => {
    expect(settingsPatchSchema.parse({ quickAskHotkey: 'Alt+Shift+Q' })).toEqual({ quickAskHotkey: 'Alt+Shift+Q' });
    expect(settingsPatchSchema.parse({ quickAskHotkey: '' })).toEqual({ quickAskHotkey: '' });
    expect(settingsPatchSchema.parse({ quickAskHotkey: '  F10 ' })).toEqual({ quickAskHotkey: 'F10' });
    expect(settingsPatchSchema.safeParse({ quickAskHotkey: 'Ctrl+'.repeat(10) + 'K' }).success).toBe(false);
    expect(settingsPatchSchema.safeParse({ quickAskHotkey: null }).success).toBe(false);
    // The push-to-talk key, unlike this one, cannot be turned off.
    expect(settingsPatchSchema.safeParse({ hotkey: '' }).success).toBe(false);
  });

  it('comes back as the default from an older file that lacks it, and is kept when set or cleared', () => {
    const older = { hotkey: 'F8', hotkeyMode: 'toggle', voice: 'verse' };
    expect(migrateSettings(older)).toMatchObject({ hotkey: 'F8', hotkeyMode: 'toggle', voice: 'verse', quickAskHotkey: 'Ctrl+Alt+Space' });
    expect(migrateSettings({ quickAskHotkey: 42 }).quickAskHotkey).toBe('Ctrl+Alt+Space');
    expect(migrateSettings({ quickAskHotkey: 'Alt+Q' }).quickAskHotkey).toBe('Alt+Q');
    expect(migrateSettings({ quickAskHotkey: '' }).quickAskHotkey).toBe('');
  });
});

describe('the history retention setting', () => {
  it('defaults to keeping everything', () => {
    expect(DEFAULT_SETTINGS.historyRetention).toBe('forever');
    expect([...settingsSchema.shape.historyRetention.options].sort()).toEqual(['30', '90', 'forever']);
  });

  it('takes each choice in a patch, alone, and nothing else', () => {
    for (const historyRetention of ['forever', '90', '30'] as const) expect(settingsPatchSchema.parse({ historyRetention })).toEqual({ historyRetention });
    for (const wrong of [90, '7', 'never', null]) expect(settingsPatchSchema.safeParse({ historyRetention: wrong }).success).toBe(false);
  });

  it('comes back as the default from an older file that lacks it or holds a bad one, and is kept when set', () => {
    expect(migrateSettings({ voice: 'verse', startAtLogin: true })).toMatchObject({ voice: 'verse', startAtLogin: true, historyRetention: 'forever' });
    expect(migrateSettings({ historyRetention: 30 }).historyRetention).toBe('forever');
    expect(migrateSettings({ historyRetention: '30' }).historyRetention).toBe('30');
  });
});

describe('the price table and the cost warning', () => {
  const price = { validFrom: '2026-01-01', textInput: 1, cachedTextInput: 0.1, textOutput: 4, audioInput: 8, cachedAudioInput: 0.1, audioOutput: 16 };

  it('default to the built-in prices alone and no warning', () => {
    expect(DEFAULT_SETTINGS.prices).toEqual({});
    expect(DEFAULT_SETTINGS.costWarningUsd).toBeNull();
  });

  it('take a model’s prices and a warning in a patch, alone, and refuse what is not money', () => {
    expect(settingsPatchSchema.parse({ prices: { 'gpt-realtime': price } })).toEqual({ prices: { 'gpt-realtime': price } });
    expect(settingsPatchSchema.parse({ costWarningUsd: 0.5 })).toEqual({ costWarningUsd: 0.5 });
    expect(settingsPatchSchema.parse({ costWarningUsd: null })).toEqual({ costWarningUsd: null });
    for (const wrong of [0, -1, '1', Infinity]) expect(settingsPatchSchema.safeParse({ costWarningUsd: wrong }).success).toBe(false);
    expect(settingsPatchSchema.safeParse({ prices: { 'gpt-realtime': { ...price, textInput: -1 } } }).success).toBe(false);
    expect(settingsPatchSchema.safeParse({ prices: { 'gpt-realtime': { ...price, validFrom: undefined } } }).success).toBe(false);
  });

  it('come back as the defaults from an older file that lacks them or holds bad ones, and are kept when set', () => {
    const older = { voice: 'verse', hotkey: 'F8' };
    expect(migrateSettings(older)).toMatchObject({ voice: 'verse', hotkey: 'F8', prices: {}, costWarningUsd: null });
    expect(migrateSettings({ prices: { x: { textInput: 'free' } }, costWarningUsd: -3 })).toMatchObject({ prices: {}, costWarningUsd: null });
    expect(migrateSettings({ prices: { x: price }, costWarningUsd: 2 })).toMatchObject({ prices: { x: price }, costWarningUsd: 2 });
  });
});

describe('the half-duplex setting', () => {
  it('defaults to automatic, and takes each choice in a patch, alone, and nothing else', () => {
    expect(DEFAULT_SETTINGS.halfDuplex).toBe('auto');
    expect(settingsSchema.shape.halfDuplex.options).toEqual([...HALF_DUPLEX_MODES]);
    for (const halfDuplex of HALF_DUPLEX_MODES) expect(settingsPatchSchema.parse({ halfDuplex })).toEqual({ halfDuplex });
    // The on/off of older versions is read from files only: the window and the CLI send the words.
    for (const wrong of [true, false, 'on', null]) expect(settingsPatchSchema.safeParse({ halfDuplex: wrong }).success).toBe(false);
  });

  it('reads the on/off of an older file as automatic/off, keeps the other fields, and keeps the new words', () => {
    const older = { voice: 'verse', mode: 'vad', hotkey: 'F8', outputVolume: 0.4, earcons: false };
    expect(migrateSettings({ ...older, halfDuplex: true })).toEqual({ ...DEFAULT_SETTINGS, ...older, halfDuplex: 'auto' });
    expect(migrateSettings({ ...older, halfDuplex: false })).toEqual({ ...DEFAULT_SETTINGS, ...older, halfDuplex: 'off' });
    for (const halfDuplex of HALF_DUPLEX_MODES) expect(migrateSettings({ halfDuplex }).halfDuplex).toBe(halfDuplex);
    for (const wrong of ['on', 1, null]) expect(migrateSettings({ halfDuplex: wrong }).halfDuplex).toBe('auto');
  });
});
