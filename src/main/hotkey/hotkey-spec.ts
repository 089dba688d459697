// Parses a push-to-talk key such as "F9", "Ctrl+Space", "Alt+Shift+K" or a modifier alone ("RightCtrl")
// into the key codes that count as the key and the modifiers that must be held with it.
import { UiohookKey, type UiohookKeyboardEvent } from 'uiohook-napi';

type Modifier = 'ctrl' | 'alt' | 'shift' | 'meta';

export interface HotkeySpec {
  /** Any of these is the key: a modifier named without a side ("Ctrl") is either the left or the right one. */
  keycodes: readonly number[];
  ctrl: boolean;
  alt: boolean;
  shift: boolean;
  meta: boolean;
}

const MODIFIERS: Record<string, Modifier> = {
  ctrl: 'ctrl', control: 'ctrl', alt: 'alt', option: 'alt', shift: 'shift', meta: 'meta', super: 'meta', cmd: 'meta', command: 'meta',
};

const SIDES: Record<Modifier, { left: number; right: number }> = {
  ctrl: { left: UiohookKey.Ctrl, right: UiohookKey.CtrlRight },
  alt: { left: UiohookKey.Alt, right: UiohookKey.AltRight },
  shift: { left: UiohookKey.Shift, right: UiohookKey.ShiftRight },
  meta: { left: UiohookKey.Meta, right: UiohookKey.MetaRight },
};

/** "RightCtrl", "LeftAlt", uiohook's own "CtrlRight", "AltGr" or a bare "Ctrl": a modifier used as the key. */
function modifierKey(name: string): { modifier: Modifier; keycodes: number[] } | null {
  const lower = name.toLowerCase();
  if (lower === 'altgr') return { modifier: 'alt', keycodes: [UiohookKey.AltRight] };
  const match = /^(left|right)?([a-z]+?)(left|right)?$/.exec(lower);
  if (!match || (match[1] && match[3])) return null;
  const modifier = MODIFIERS[match[2]!];
  if (!modifier) return null;
  const side = match[1] ?? match[3];
  const { left, right } = SIDES[modifier];
  return { modifier, keycodes: side === 'left' ? [left] : side === 'right' ? [right] : [left, right] };
}

export function parseHotkey(text: string): HotkeySpec {
  const parts = text.split('+').map((p) => p.trim()).filter(Boolean);
  const key = parts.pop();
  if (!key) throw new Error('The push-to-talk key is empty. Pick a key such as F9 or Ctrl+Space in Settings.');
  const spec: HotkeySpec = { keycodes: [], ctrl: false, alt: false, shift: false, meta: false };
  for (const part of parts) {
    const modifier = MODIFIERS[part.toLowerCase()];
    if (!modifier) throw new Error(`"${part}" is not a modifier key (use Ctrl, Alt, Shift or Meta).`);
    spec[modifier] = true;
  }
  const alone = modifierKey(key);
  if (alone) {
    // The key's own flag is not asked for: the hook may or may not count a modifier as held on its own press.
    spec[alone.modifier] = false;
    spec.keycodes = alone.keycodes;
    return spec;
  }
  const codes = UiohookKey as Record<string, number>;
  const name = Object.keys(codes).find((k) => k.toLowerCase() === key.toLowerCase());
  if (name === undefined) throw new Error(`"${key}" is not a key the global hook knows. Try F9, Space, a letter or RightCtrl.`);
  spec.keycodes = [codes[name]!];
  return spec;
}

export function isHotkey(spec: HotkeySpec, keycode: number): boolean {
  return spec.keycodes.includes(keycode);
}

/** The modifiers the spec asks for are held; others may be held too. */
export function modifiersHeld(spec: HotkeySpec, e: Pick<UiohookKeyboardEvent, 'ctrlKey' | 'altKey' | 'shiftKey' | 'metaKey'>): boolean {
  return (!spec.ctrl || e.ctrlKey) && (!spec.alt || e.altKey) && (!spec.shift || e.shiftKey) && (!spec.meta || e.metaKey);
}
