import { UiohookKey } from 'uiohook-napi';
import { describe, expect, it } from 'vitest';
import { electronAccelerator } from '../../src/main/desktop/electron-accelerator';
import { parseHotkey } from '../../src/main/hotkey/hotkey-spec';
import { acceleratorFor, KeyCapture, QUICK_ASK_KEY, sameHotkey, type CaptureResult, type KeyPress } from '../../src/shared/hotkey-capture';

type Mods = Partial<Pick<KeyPress, 'ctrlKey' | 'altKey' | 'shiftKey' | 'metaKey'>>;

function ev(code: string, key: string, mods: Mods = {}, location = 0): KeyPress {
  return { code, key, ctrlKey: false, altKey: false, shiftKey: false, metaKey: false, location, ...mods };
}

const accepted = (result: CaptureResult | null): string => {
  if (!result?.ok) throw new Error(`expected a key, got ${JSON.stringify(result)}`);
  return result.accelerator;
};
const refused = (result: CaptureResult | null): string => {
  if (!result || result.ok) throw new Error(`expected a refusal, got ${JSON.stringify(result)}`);
  return result.reason;
};

// What a browser reports for a key, what the capture makes of it, and the key code the hook then watches.
const TABLE: [KeyPress, string, number][] = [
  [ev('F9', 'F9'), 'F9', UiohookKey.F9],
  [ev('F24', 'F24'), 'F24', UiohookKey.F24],
  [ev('KeyK', 'K', { ctrlKey: true, shiftKey: true }), 'Ctrl+Shift+K', UiohookKey.K],
  [ev('Space', ' ', { ctrlKey: true }), 'Ctrl+Space', UiohookKey.Space],
  [ev('KeyQ', '@', { ctrlKey: true, altKey: true }), 'Ctrl+Alt+Q', UiohookKey.Q],
  [ev('Digit1', '!', { altKey: true, shiftKey: true }), 'Alt+Shift+1', UiohookKey[1]],
  [ev('KeyZ', 'y', { altKey: true }), 'Alt+Z', UiohookKey.Z],
  [ev('Semicolon', 'ö', { ctrlKey: true }), 'Ctrl+Semicolon', UiohookKey.Semicolon],
  [ev('Numpad5', '5', { ctrlKey: true }), 'Ctrl+Numpad5', UiohookKey.Numpad5],
  [ev('NumpadEnter', 'Enter', { ctrlKey: true }), 'Ctrl+NumpadEnter', UiohookKey.NumpadEnter],
  [ev('Enter', 'Enter', { altKey: true }), 'Alt+Enter', UiohookKey.Enter],
  [ev('ArrowUp', 'ArrowUp', { ctrlKey: true, shiftKey: true }), 'Ctrl+Shift+ArrowUp', UiohookKey.ArrowUp],
  [ev('ScrollLock', 'ScrollLock'), 'ScrollLock', UiohookKey.ScrollLock],
  [ev('KeyM', 'm', { metaKey: true, shiftKey: true }), 'Shift+Meta+M', UiohookKey.M],
  // No physical code (some virtual keyboards): what the key typed is used instead.
  [ev('', 'j', { ctrlKey: true }), 'Ctrl+J', UiohookKey.J],
  [ev('Unidentified', 'F8'), 'F8', UiohookKey.F8],
];

/** Every key code the capture may see, for the exhaustive checks. */
const EVERY_CODE = [
  ...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split('').map((c) => `Key${c}`),
  ...'0123456789'.split('').flatMap((d) => [`Digit${d}`, `Numpad${d}`]),
  ...Array.from({ length: 24 }, (_, i) => `F${i + 1}`),
  ...['Space', 'Enter', 'Tab', 'Escape', 'Backspace', 'Delete', 'Insert', 'Home', 'End', 'PageUp', 'PageDown'],
  ...['ArrowLeft', 'ArrowUp', 'ArrowRight', 'ArrowDown', 'CapsLock', 'NumLock', 'ScrollLock', 'PrintScreen'],
  ...['Semicolon', 'Equal', 'Comma', 'Minus', 'Period', 'Slash', 'Backquote', 'BracketLeft', 'Backslash', 'BracketRight', 'Quote'],
  ...['NumpadMultiply', 'NumpadAdd', 'NumpadSubtract', 'NumpadDecimal', 'NumpadDivide', 'NumpadEnter'],
];
/** Every combination of Ctrl, Alt, Shift and Meta. */
const EVERY_MODIFIER_SET = Array.from({ length: 16 }, (_, bits) => ({ ctrlKey: !!(bits & 1), altKey: !!(bits & 2), shiftKey: !!(bits & 4), metaKey: !!(bits & 8) }));

describe('acceleratorFor', () => {
  it.each(TABLE)('turns %o into %s, which the hook parses to the same key', (press, expected, keycode) => {
    const accelerator = accepted(acceleratorFor(press));
    expect(accelerator).toBe(expected);
    const spec = parseHotkey(accelerator);
    expect(spec.keycodes).toEqual([keycode]);
    expect([spec.ctrl, spec.alt, spec.shift, spec.meta]).toEqual([press.ctrlKey, press.altKey, press.shiftKey, press.metaKey]);
  });

  it('produces only keys the hook parses, for every key it names and every set of modifiers', () => {
    let acceptedCount = 0;
    for (const code of EVERY_CODE) {
      for (const mods of EVERY_MODIFIER_SET) {
        const result = acceleratorFor(ev(code, code, mods));
        if (!result.ok) continue;
        acceptedCount++;
        expect(() => parseHotkey(result.accelerator), result.accelerator).not.toThrow();
      }
    }
    // Most combinations are usable; the refusals are the exceptions.
    expect(acceptedCount).toBeGreaterThan(EVERY_CODE.length * 8);
  });

  it('refuses keys that are typed or edit text, unless Ctrl, Alt or Meta is held', () => {
    expect(refused(acceleratorFor(ev('KeyA', 'a')))).toMatch(/letter .* whenever you type/);
    expect(refused(acceleratorFor(ev('KeyA', 'A', { shiftKey: true })))).toMatch(/whenever you type/);
    expect(refused(acceleratorFor(ev('Digit7', '7')))).toMatch(/digit/);
    expect(refused(acceleratorFor(ev('Numpad7', '7')))).toMatch(/digit/);
    expect(refused(acceleratorFor(ev('Space', ' ')))).toMatch(/^Space types text/);
    expect(refused(acceleratorFor(ev('Comma', ',')))).toMatch(/^Comma types text/);
    expect(refused(acceleratorFor(ev('Backspace', 'Backspace')))).toMatch(/edit text/);
    expect(refused(acceleratorFor(ev('ArrowDown', 'ArrowDown', { shiftKey: true })))).toMatch(/^Shift\+ArrowDown .*edit text/);
    expect(refused(acceleratorFor(ev('Enter', 'Enter')))).toMatch(/^Enter sends messages/);
    expect(refused(acceleratorFor(ev('Enter', 'Enter', { shiftKey: true })))).toMatch(/sends messages/);
    for (const reason of [acceleratorFor(ev('KeyA', 'a')), acceleratorFor(ev('Space', ' '))].map(refused)) expect(reason).toMatch(/Ctrl or Alt/);
    expect(accepted(acceleratorFor(ev('KeyA', 'a', { altKey: true })))).toBe('Alt+A');
  });

  it('refuses keys the system or the app keeps, whatever is held with them', () => {
    expect(refused(acceleratorFor(ev('Escape', 'Escape')))).toMatch(/Escape cancels/);
    expect(refused(acceleratorFor(ev('Escape', 'Escape', { ctrlKey: true, shiftKey: true })))).toMatch(/Escape/);
    expect(refused(acceleratorFor(ev('Tab', 'Tab')))).toMatch(/Tab moves/);
    expect(refused(acceleratorFor(ev('Tab', 'Tab', { altKey: true })))).toMatch(/Tab moves/);
    expect(refused(acceleratorFor(ev('PrintScreen', 'PrintScreen', { ctrlKey: true })))).toMatch(/screenshots/);
    expect(refused(acceleratorFor(ev('CapsLock', 'CapsLock')))).toMatch(/^Caps Lock switches/);
    expect(refused(acceleratorFor(ev('NumLock', 'NumLock', { ctrlKey: true })))).toMatch(/^Num Lock switches/);
  });

  it('refuses shortcuts the desktop and every program already answer', () => {
    expect(refused(acceleratorFor(ev('F4', 'F4', { altKey: true })))).toBe('Alt+F4 closes the window.');
    expect(refused(acceleratorFor(ev('Delete', 'Delete', { ctrlKey: true, altKey: true })))).toMatch(/Ctrl\+Alt\+Delete/);
    expect(refused(acceleratorFor(ev('Backspace', 'Backspace', { ctrlKey: true, altKey: true })))).toMatch(/desktop session/);
    expect(refused(acceleratorFor(ev('F2', 'F2', { ctrlKey: true, altKey: true })))).toMatch(/^Ctrl\+Alt\+F2 switches to another console/);
    expect(refused(acceleratorFor(ev('ArrowLeft', 'ArrowLeft', { ctrlKey: true, altKey: true })))).toMatch(/workspaces/);
    expect(refused(acceleratorFor(ev('KeyC', 'c', { ctrlKey: true })))).toMatch(/^Ctrl\+C copies/);
    expect(refused(acceleratorFor(ev('KeyV', 'v', { metaKey: true })))).toMatch(/^Meta\+V pastes/);
    expect(refused(acceleratorFor(ev('KeyL', 'l', { metaKey: true })))).toMatch(/locks the screen/);
    // Only the shortcut itself: more modifiers make a different, free key.
    expect(accepted(acceleratorFor(ev('KeyC', 'C', { ctrlKey: true, shiftKey: true })))).toBe('Ctrl+Shift+C');
    expect(accepted(acceleratorFor(ev('F13', 'F13', { ctrlKey: true, altKey: true })))).toBe('Ctrl+Alt+F13');
  });

  it('refuses a key the global hook has no name for, saying which', () => {
    expect(refused(acceleratorFor(ev('IntlBackslash', '<', { ctrlKey: true })))).toMatch(/cannot watch "<"/);
    expect(refused(acceleratorFor(ev('MediaPlayPause', 'MediaPlayPause')))).toMatch(/cannot watch "MediaPlayPause"/);
    expect(refused(acceleratorFor(ev('Pause', 'Unidentified')))).toMatch(/cannot watch "Pause"/);
  });

  it('refuses a key another hotkey already uses, naming it', () => {
    const others = [{ label: 'quick-ask key', hotkey: 'ctrl + shift + k' }];
    expect(refused(acceleratorFor(ev('KeyK', 'K', { ctrlKey: true, shiftKey: true }), { others }))).toBe(
      'Ctrl+Shift+K is already the quick-ask key. Pick a different key.',
    );
    expect(accepted(acceleratorFor(ev('KeyK', 'K', { ctrlKey: true }), { others }))).toBe('Ctrl+K');
    expect(accepted(acceleratorFor(ev('F9', 'F9'), { others: [{ label: 'quick-ask key', hotkey: '' }] }))).toBe('F9');
  });
});

describe('KeyCapture', () => {
  it('takes a right-hand Ctrl or Alt pressed and released alone as the key', () => {
    let capture = new KeyCapture();
    expect(capture.keydown(ev('ControlRight', 'Control', { ctrlKey: true }, 2))).toBeNull();
    expect(accepted(capture.keyup(ev('ControlRight', 'Control', {}, 2)))).toBe('RightCtrl');
    capture = new KeyCapture();
    expect(capture.keydown(ev('AltRight', 'AltGraph', {}, 2))).toBeNull();
    expect(accepted(capture.keyup(ev('AltRight', 'AltGraph', {}, 2)))).toBe('RightAlt');
    // Without a physical code the side comes from the key's location.
    capture = new KeyCapture();
    capture.keydown(ev('', 'Control', { ctrlKey: true }, 2));
    expect(accepted(capture.keyup(ev('', 'Control', {}, 2)))).toBe('RightCtrl');
    for (const name of ['RightCtrl', 'RightAlt']) expect(parseHotkey(name).keycodes).toHaveLength(1);
    expect(parseHotkey('RightCtrl').keycodes).toEqual([UiohookKey.CtrlRight]);
    expect(parseHotkey('RightAlt').keycodes).toEqual([UiohookKey.AltRight]);
  });

  it('refuses Shift, Meta and left-hand modifiers alone, saying why', () => {
    const alone = (code: string, key: string, location: number): string => {
      const capture = new KeyCapture();
      capture.keydown(ev(code, key, {}, location));
      return refused(capture.keyup(ev(code, key, {}, location)));
    };
    expect(alone('ShiftRight', 'Shift', 2)).toMatch(/capitals/);
    expect(alone('MetaLeft', 'Meta', 1)).toMatch(/system menu/);
    expect(alone('OSRight', 'OS', 2)).toMatch(/system menu/);
    expect(alone('ControlLeft', 'Control', 1)).toMatch(/^Left Ctrl is part of many shortcuts.*Right Ctrl/);
    expect(alone('AltLeft', 'Alt', 1)).toMatch(/^Left Alt .*Right Alt/);
  });

  it('gives the combination when a key follows the modifiers, as Control+Shift+K arrives from a browser', () => {
    const capture = new KeyCapture();
    expect(capture.keydown(ev('ControlLeft', 'Control', { ctrlKey: true }, 1))).toBeNull();
    expect(capture.keydown(ev('ShiftLeft', 'Shift', { ctrlKey: true, shiftKey: true }, 1))).toBeNull();
    // Held modifiers repeat their key-down.
    expect(capture.keydown(ev('ShiftLeft', 'Shift', { ctrlKey: true, shiftKey: true }, 1))).toBeNull();
    expect(accepted(capture.keydown(ev('KeyK', 'K', { ctrlKey: true, shiftKey: true })))).toBe('Ctrl+Shift+K');
  });

  it('refuses modifiers released with no key', () => {
    const capture = new KeyCapture();
    capture.keydown(ev('ControlLeft', 'Control', { ctrlKey: true }, 1));
    capture.keydown(ev('ShiftLeft', 'Shift', { ctrlKey: true, shiftKey: true }, 1));
    expect(refused(capture.keyup(ev('ShiftLeft', 'Shift', { ctrlKey: true }, 1)))).toBe('Ctrl+Shift needs a key as well: hold them and press a key such as K.');
  });

  it('ignores key-ups of keys pressed before the capture began', () => {
    const capture = new KeyCapture();
    // Enter activated the "Change…" button; its key-up arrives once the capture is listening.
    expect(capture.keyup(ev('Enter', 'Enter'))).toBeNull();
    expect(capture.keyup(ev('ControlRight', 'Control', {}, 2))).toBeNull();
    expect(accepted(capture.keydown(ev('F7', 'F7')))).toBe('F7');
  });

  it('checks a modifier alone against the other hotkeys too', () => {
    const capture = new KeyCapture({ others: [{ label: 'quick-ask key', hotkey: 'Ctrl' }] });
    capture.keydown(ev('ControlRight', 'Control', { ctrlKey: true }, 2));
    expect(refused(capture.keyup(ev('ControlRight', 'Control', {}, 2)))).toBe('RightCtrl is already the quick-ask key. Pick a different key.');
  });
});

describe('the quick-ask key', () => {
  const quick = { purpose: QUICK_ASK_KEY };

  it('is captured like the push-to-talk key, and Electron can register what it gives', () => {
    expect(accepted(acceleratorFor(ev('Space', ' ', { ctrlKey: true, altKey: true }), quick))).toBe('Ctrl+Alt+Space');
    expect(accepted(acceleratorFor(ev('F10', 'F10'), quick))).toBe('F10');
    expect(accepted(acceleratorFor(ev('ArrowUp', 'ArrowUp', { ctrlKey: true, shiftKey: true }), quick))).toBe('Ctrl+Shift+ArrowUp');
    expect(electronAccelerator('Ctrl+Shift+ArrowUp')).toBe('Control+Shift+Up');
  });

  it('produces only keys both Electron and the hook can take, for every key and every set of modifiers', () => {
    let acceptedCount = 0;
    for (const code of EVERY_CODE) {
      for (const mods of EVERY_MODIFIER_SET) {
        const result = acceleratorFor(ev(code, code, mods), quick);
        if (!result.ok) {
          expect(result.reason, code).not.toMatch(/push-to-talk|start talking/);
          continue;
        }
        acceptedCount++;
        expect(electronAccelerator(result.accelerator), result.accelerator).not.toBeNull();
        expect(() => parseHotkey(result.accelerator), result.accelerator).not.toThrow();
      }
    }
    expect(acceptedCount).toBeGreaterThan(500);
  });

  it('says what the key is for when it refuses one', () => {
    expect(refused(acceleratorFor(ev('KeyA', 'a'), quick))).toBe(
      'A letter without Ctrl or Alt would open the quick-ask popup whenever you type it. Hold Ctrl or Alt with it, or pick a key such as Ctrl+Alt+Space.',
    );
    expect(refused(acceleratorFor(ev('Escape', 'Escape'), quick))).toBe('Escape cancels, so it cannot be the quick-ask key.');
    expect(refused(acceleratorFor(ev('KeyV', 'v', { ctrlKey: true }), quick))).toMatch(/^Ctrl\+V pastes .*open the quick-ask popup each time/);
    // The push-to-talk key keeps its own wording.
    expect(refused(acceleratorFor(ev('Escape', 'Escape')))).toBe('Escape cancels, so it cannot be the push-to-talk key.');
  });

  it('refuses keys only the hook can watch: a modifier alone, the numpad, punctuation', () => {
    const capture = new KeyCapture(quick);
    expect(capture.keydown(ev('ControlRight', 'Control', { ctrlKey: true }, 2))).toBeNull();
    expect(refused(capture.keyup(ev('ControlRight', 'Control', {}, 2)))).toBe(
      'Right Ctrl alone cannot be the quick-ask key: a system shortcut needs another key with it, such as Ctrl+Alt+Space.',
    );
    expect(refused(acceleratorFor(ev('Numpad5', '5', { ctrlKey: true }), quick))).toBe(
      'Ctrl+Numpad5 cannot be registered as a system shortcut. Pick another key, such as Ctrl+Alt+Space.',
    );
    expect(refused(acceleratorFor(ev('Semicolon', ';', { altKey: true }), quick))).toMatch(/^Alt\+Semicolon cannot be registered/);
    expect(refused(acceleratorFor(ev('IntlBackslash', '<', { ctrlKey: true }), quick))).toMatch(/^A system shortcut cannot use "<"/);
    // The push-to-talk key still takes them.
    expect(accepted(acceleratorFor(ev('Numpad5', '5', { ctrlKey: true })))).toBe('Ctrl+Numpad5');
  });

  it('takes a letter by what it types, as system shortcuts do, but by its place when Ctrl+Alt makes it type a symbol', () => {
    // The key marked Z on a German keyboard sits where KeyY is.
    expect(accepted(acceleratorFor(ev('KeyY', 'z', { ctrlKey: true, altKey: true }), quick))).toBe('Ctrl+Alt+Z');
    expect(accepted(acceleratorFor(ev('KeyY', 'z', { ctrlKey: true, altKey: true })))).toBe('Ctrl+Alt+Y');
    expect(accepted(acceleratorFor(ev('KeyQ', '@', { ctrlKey: true, altKey: true }), quick))).toBe('Ctrl+Alt+Q');
    expect(accepted(acceleratorFor(ev('Numpad5', '5', { ctrlKey: true, altKey: true })))).toBe('Ctrl+Alt+Numpad5');
  });

  it('is refused as the push-to-talk key, and the push-to-talk key as it, each naming the other', () => {
    const asTalk = acceleratorFor(ev('Space', ' ', { ctrlKey: true, altKey: true }), { others: [{ label: 'quick-ask key', hotkey: 'Ctrl+Alt+Space' }] });
    expect(refused(asTalk)).toBe('Ctrl+Alt+Space is already the quick-ask key. Pick a different key.');
    const asQuick = acceleratorFor(ev('F9', 'F9'), { ...quick, others: [{ label: 'push-to-talk key', hotkey: 'F9' }] });
    expect(refused(asQuick)).toBe('F9 is already the push-to-talk key. Pick a different key.');
  });
});

describe('sameHotkey', () => {
  it('compares keys as the hook would see them', () => {
    expect(sameHotkey('Ctrl+Space', 'control + space')).toBe(true);
    expect(sameHotkey('Shift+Ctrl+K', 'Ctrl+Shift+K')).toBe(true);
    expect(sameHotkey('Cmd+K', 'Meta+K')).toBe(true);
    expect(sameHotkey('RightCtrl', 'CtrlRight')).toBe(true);
    expect(sameHotkey('AltGr', 'RightAlt')).toBe(true);
    expect(sameHotkey('Ctrl', 'RightCtrl')).toBe(true);
    expect(sameHotkey('Ctrl+RightCtrl', 'RightCtrl')).toBe(true);
    expect(sameHotkey('LeftCtrl', 'RightCtrl')).toBe(false);
    expect(sameHotkey('Ctrl+K', 'Ctrl+Shift+K')).toBe(false);
    expect(sameHotkey('F9', 'F10')).toBe(false);
    expect(sameHotkey('Hyper+K', 'K')).toBe(false);
  });
});
