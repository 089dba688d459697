import { UiohookKey } from 'uiohook-napi';
import { describe, expect, it } from 'vitest';
import { isHotkey, modifiersHeld, parseHotkey } from '../../../src/main/hotkey/hotkey-spec';

const none = { ctrlKey: false, altKey: false, shiftKey: false, metaKey: false };

describe('parseHotkey', () => {
  it('parses a key with modifiers', () => {
    expect(parseHotkey('Ctrl+Space')).toEqual({ keycodes: [UiohookKey.Space], ctrl: true, alt: false, shift: false, meta: false });
    expect(parseHotkey('f9')).toEqual({ keycodes: [UiohookKey.F9], ctrl: false, alt: false, shift: false, meta: false });
  });

  it('takes a modifier on one side as the whole key, in either spelling', () => {
    for (const text of ['RightCtrl', 'rightcontrol', 'CtrlRight']) expect(parseHotkey(text).keycodes).toEqual([UiohookKey.CtrlRight]);
    for (const text of ['RightAlt', 'AltRight', 'AltGr', 'RightOption']) expect(parseHotkey(text).keycodes).toEqual([UiohookKey.AltRight]);
    expect(parseHotkey('LeftCtrl').keycodes).toEqual([UiohookKey.Ctrl]);
    expect(parseHotkey('LeftAlt').keycodes).toEqual([UiohookKey.Alt]);
    expect(parseHotkey('RightShift').keycodes).toEqual([UiohookKey.ShiftRight]);
    expect(parseHotkey('RightMeta').keycodes).toEqual([UiohookKey.MetaRight]);
  });

  it('takes a bare modifier as either side of it', () => {
    expect(parseHotkey('Ctrl').keycodes).toEqual([UiohookKey.Ctrl, UiohookKey.CtrlRight]);
    expect(parseHotkey('alt').keycodes).toEqual([UiohookKey.Alt, UiohookKey.AltRight]);
  });

  it("does not ask for the key's own modifier flag, but keeps the others", () => {
    expect(parseHotkey('Ctrl+RightCtrl')).toMatchObject({ ctrl: false });
    expect(parseHotkey('Shift+RightCtrl')).toMatchObject({ keycodes: [UiohookKey.CtrlRight], ctrl: false, shift: true });
  });

  it('explains what is wrong with an unusable key, with a next step', () => {
    expect(() => parseHotkey(' + ')).toThrow(/empty.*Settings/);
    expect(() => parseHotkey('Hyper+F9')).toThrow(/not a modifier.*use Ctrl/);
    expect(() => parseHotkey('LeftRightCtrl')).toThrow(/not a key.*RightCtrl/);
    expect(() => parseHotkey('CenterCtrl')).toThrow(/not a key/);
  });
});

describe('matching an event', () => {
  it('matches any of the key codes', () => {
    const spec = parseHotkey('Ctrl');
    expect(isHotkey(spec, UiohookKey.Ctrl)).toBe(true);
    expect(isHotkey(spec, UiohookKey.CtrlRight)).toBe(true);
    expect(isHotkey(spec, UiohookKey.Alt)).toBe(false);
  });

  it('lets a modifier-only key through whether or not the hook reports its own flag', () => {
    const spec = parseHotkey('RightCtrl');
    expect(modifiersHeld(spec, none)).toBe(true);
    expect(modifiersHeld(spec, { ...none, ctrlKey: true })).toBe(true);
  });

  it('needs the modifiers of a combination, and allows extra ones', () => {
    const spec = parseHotkey('Ctrl+Shift+K');
    expect(modifiersHeld(spec, { ...none, ctrlKey: true })).toBe(false);
    expect(modifiersHeld(spec, { ...none, ctrlKey: true, shiftKey: true })).toBe(true);
    expect(modifiersHeld(spec, { ...none, ctrlKey: true, shiftKey: true, altKey: true })).toBe(true);
  });
});
