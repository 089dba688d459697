// Parses a push-to-talk key such as "F9", "Ctrl+Space" or "Alt+Shift+K" into a key code and modifiers.
import { UiohookKey } from 'uiohook-napi';

export interface HotkeySpec {
  keycode: number;
  ctrl: boolean;
  alt: boolean;
  shift: boolean;
  meta: boolean;
}

const MODIFIERS: Record<string, keyof Omit<HotkeySpec, 'keycode'>> = {
  ctrl: 'ctrl', control: 'ctrl', alt: 'alt', option: 'alt', shift: 'shift', meta: 'meta', super: 'meta', cmd: 'meta', command: 'meta',
};

export function parseHotkey(text: string): HotkeySpec {
  const parts = text.split('+').map((p) => p.trim()).filter(Boolean);
  const key = parts.pop();
  if (!key) throw new Error('The push-to-talk key is empty. Pick a key such as F9 or Ctrl+Space in Settings.');
  const spec: HotkeySpec = { keycode: 0, ctrl: false, alt: false, shift: false, meta: false };
  for (const part of parts) {
    const modifier = MODIFIERS[part.toLowerCase()];
    if (!modifier) throw new Error(`"${part}" is not a modifier key (use Ctrl, Alt, Shift or Meta).`);
    spec[modifier] = true;
  }
  const codes = UiohookKey as Record<string, number>;
  const name = Object.keys(codes).find((k) => k.toLowerCase() === key.toLowerCase());
  if (name === undefined) throw new Error(`"${key}" is not a key the global hook knows. Try F9, Space or a letter.`);
  spec.keycode = codes[name]!;
  return spec;
}
