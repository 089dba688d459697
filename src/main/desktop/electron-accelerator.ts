// The push-to-talk key as an Electron accelerator, for the fallback where no key hook runs (Wayland without
// XWayland): Electron's globalShortcut sees only key presses, so the fallback works in toggle mode, and keys
// it cannot express (a modifier alone, such as Right Ctrl) have no fallback.
const MODIFIERS: Record<string, string> = {
  ctrl: 'Control', control: 'Control', alt: 'Alt', option: 'Alt', shift: 'Shift', meta: 'Super', super: 'Super', cmd: 'Command', command: 'Command',
};
const KEYS: Record<string, string> = { space: 'Space', enter: 'Enter', return: 'Enter', tab: 'Tab', backspace: 'Backspace', delete: 'Delete', insert: 'Insert', home: 'Home', end: 'End', pageup: 'PageUp', pagedown: 'PageDown', up: 'Up', down: 'Down', left: 'Left', right: 'Right', arrowup: 'Up', arrowdown: 'Down', arrowleft: 'Left', arrowright: 'Right' };

/** The Electron accelerator for a hotkey such as "Ctrl+Space" or "F9", or null when Electron cannot express it. */
export function electronAccelerator(hotkey: string): string | null {
  const parts = hotkey.split('+').map((p) => p.trim()).filter(Boolean);
  const key = parts.pop();
  if (!key) return null;
  const mods: string[] = [];
  for (const part of parts) {
    const mod = MODIFIERS[part.toLowerCase()];
    if (!mod) return null;
    if (!mods.includes(mod)) mods.push(mod);
  }
  const name = /^(f([1-9]|1[0-9]|2[0-4])|[a-z0-9])$/i.test(key) ? key.toUpperCase() : (KEYS[key.toLowerCase()] ?? null);
  // A modifier alone (RightCtrl, Alt…) is not a globalShortcut: it needs the key hook.
  if (!name) return null;
  return [...mods, name].join('+');
}
