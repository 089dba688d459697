// Turns a key pressed in the Settings window into a push-to-talk key in the syntax the global key hook
// parses (src/main/hotkey/hotkey-spec.ts: "Ctrl+Shift+K", "F9", "RightCtrl"), or refuses it in plain words.
// The hook only watches keys, it never swallows them: a key that is also typed or used as a shortcut would
// start talking every time, so such keys are refused here rather than accepted and regretted.
// The quick-ask key goes through the same capture with its own wording, and only as keys a system shortcut
// (Electron's globalShortcut) can name: that one is registered, not watched.

/** What the capture needs from a keyboard event (a DOM KeyboardEvent fits). */
export interface KeyPress {
  key: string;
  /** The physical key ("KeyK", "ControlRight"): the hook, too, knows keys by position, not by layout. */
  code: string;
  ctrlKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
  metaKey: boolean;
  /** 1 for a left-hand modifier, 2 for a right-hand one (used when `code` is missing). */
  location: number;
}

export type CaptureResult = { ok: true; accelerator: string } | { ok: false; reason: string };

/** What a captured key is for, as the refusals put it. */
export interface KeyPurpose {
  /** "push-to-talk key" */
  name: string;
  /** What a press does, to say why a typed key is a poor choice: "start talking". */
  action: string;
  /** A key to suggest instead. */
  example: string;
  /**
   * Registered as a system shortcut rather than watched by the hook: a modifier alone cannot be one, and
   * only keys the shortcut can name (src/main/desktop/electron-accelerator.ts) are taken. Such shortcuts
   * go by the key's label in the keyboard layout, so letters and digits are taken by what they type.
   */
  shortcut: boolean;
}

export const PUSH_TO_TALK_KEY: KeyPurpose = { name: 'push-to-talk key', action: 'start talking', example: 'F9', shortcut: false };
export const QUICK_ASK_KEY: KeyPurpose = { name: 'quick-ask key', action: 'open the quick-ask popup', example: 'Ctrl+Alt+Space', shortcut: true };

export interface CaptureOptions {
  /** Other keys the app already uses, e.g. `{ label: 'quick-ask key', hotkey: 'F10' }`. */
  others?: readonly { label: string; hotkey: string }[];
  /** The push-to-talk key unless said otherwise. */
  purpose?: KeyPurpose;
}

export type Modifier = 'Ctrl' | 'Alt' | 'Shift' | 'Meta';
type Side = 'Left' | 'Right';
export interface ModifierKey {
  modifier: Modifier;
  side: Side;
}

const MODIFIER_ORDER: readonly Modifier[] = ['Ctrl', 'Alt', 'Shift', 'Meta'];
const FLAG: Record<Modifier, 'ctrlKey' | 'altKey' | 'shiftKey' | 'metaKey'> = { Ctrl: 'ctrlKey', Alt: 'altKey', Shift: 'shiftKey', Meta: 'metaKey' };
const MODIFIER_BY_CODE: Record<string, Modifier> = { Control: 'Ctrl', Alt: 'Alt', Shift: 'Shift', Meta: 'Meta', OS: 'Meta' };
const MODIFIER_BY_KEY: Record<string, Modifier> = { Control: 'Ctrl', Alt: 'Alt', AltGraph: 'Alt', Shift: 'Shift', Meta: 'Meta', OS: 'Meta', Super: 'Meta' };
// Spellings hotkey-spec accepts for each modifier.
const MODIFIER_WORDS: Record<string, Modifier> = {
  ctrl: 'Ctrl', control: 'Ctrl', alt: 'Alt', option: 'Alt', shift: 'Shift', meta: 'Meta', super: 'Meta', cmd: 'Meta', command: 'Meta',
};

const PUNCTUATION = ['Semicolon', 'Equal', 'Comma', 'Minus', 'Period', 'Slash', 'Backquote', 'BracketLeft', 'Backslash', 'BracketRight', 'Quote'];
const NUMPAD_TYPING = ['NumpadMultiply', 'NumpadAdd', 'NumpadSubtract', 'NumpadDecimal', 'NumpadDivide'];
const EDITING = ['Backspace', 'Delete', 'Insert', 'Home', 'End', 'PageUp', 'PageDown', 'ArrowLeft', 'ArrowUp', 'ArrowRight', 'ArrowDown'];
/** DOM `code` values whose uiohook name is the same word. */
const SAME_NAME = new Set([
  'Space', 'Enter', 'Tab', 'Escape', 'CapsLock', 'NumLock', 'ScrollLock', 'PrintScreen', 'NumpadEnter',
  ...PUNCTUATION, ...NUMPAD_TYPING, ...EDITING,
]);

function modifierOf(e: KeyPress): ModifierKey | null {
  const byCode = /^(Control|Alt|Shift|Meta|OS)(Left|Right)$/.exec(e.code);
  if (byCode) return { modifier: MODIFIER_BY_CODE[byCode[1]!]!, side: byCode[2] as Side };
  const modifier = MODIFIER_BY_KEY[e.key];
  if (!modifier) return null;
  return { modifier, side: e.key === 'AltGraph' || e.location === 2 ? 'Right' : 'Left' };
}

/** The uiohook name of a key that is not a modifier, or null when the hook has no name for it. */
function keyName(e: KeyPress, byLabel: boolean): string | null {
  // With modifiers held a key may type something else ("@" for Ctrl+Alt+Q): then its position is all there is.
  if (byLabel && /^(Key[A-Z]|Digit[0-9])$/.test(e.code) && /^[a-z0-9]$/i.test(e.key)) return e.key.toUpperCase();
  const code = e.code;
  const letter = /^Key([A-Z])$/.exec(code) ?? /^Digit([0-9])$/.exec(code);
  if (letter) return letter[1]!;
  if (/^F([1-9]|1[0-9]|2[0-4])$/.test(code) || /^Numpad[0-9]$/.test(code) || SAME_NAME.has(code)) return code;
  if (code && code !== 'Unidentified') return null;
  // No physical code (some virtual keyboards and remote sessions): fall back on what the key typed.
  if (/^[a-z0-9]$/i.test(e.key)) return e.key.toUpperCase();
  if (e.key === ' ') return 'Space';
  if (/^F([1-9]|1[0-9]|2[0-4])$/.test(e.key) || SAME_NAME.has(e.key)) return e.key;
  return null;
}

const words = (name: string): string => name.replace(/([a-z])([A-Z])/g, '$1 $2');
const refuse = (reason: string): CaptureResult => ({ ok: false, reason });
const addAModifier = (p: KeyPurpose): string => `Hold Ctrl or Alt with it, or pick a key such as ${p.example}.`;
/** The keys a system shortcut can name, in the hook's spelling (the rest need the hook). */
const SHORTCUT_KEY = /^([A-Z0-9]|F([1-9]|1[0-9]|2[0-4])|Space|Enter|Tab|Backspace|Delete|Insert|Home|End|PageUp|PageDown|Arrow(Left|Up|Right|Down))$/;

// Shortcuts every program or the desktop already answers: the hook would start talking each time.
const SHORTCUTS: Record<string, string> = {
  'Alt+F4': 'Alt+F4 closes the window.',
  'Ctrl+Alt+Delete': 'The system keeps Ctrl+Alt+Delete for itself.',
  'Ctrl+Alt+Backspace': 'Ctrl+Alt+Backspace can end the desktop session.',
  'Meta+L': 'Meta+L locks the screen.',
  'Meta+D': 'Meta+D shows the desktop.',
  'Meta+Space': 'Meta+Space switches the input language or opens search.',
  'Meta+Q': 'Meta+Q quits the program on a Mac.',
};
const EDIT_SHORTCUTS: Record<string, string> = { C: 'copies', X: 'cuts', V: 'pastes', Z: 'undoes', Y: 'redoes', A: 'selects everything', S: 'saves' };

function reservedReason(accelerator: string, mods: ReadonlySet<Modifier>, name: string, p: KeyPurpose): string | null {
  if (SHORTCUTS[accelerator]) return SHORTCUTS[accelerator];
  const only = (...wanted: Modifier[]): boolean => mods.size === wanted.length && wanted.every((m) => mods.has(m));
  if (only('Ctrl', 'Alt') && /^F([1-9]|1[0-2])$/.test(name)) return `${accelerator} switches to another console on Linux.`;
  if (only('Ctrl', 'Alt') && name.startsWith('Arrow')) return `${accelerator} switches workspaces on many desktops.`;
  const edit = EDIT_SHORTCUTS[name];
  if (edit && (only('Ctrl') || only('Meta'))) return `${accelerator} ${edit} in almost every program, so it would ${p.action} each time you use it.`;
  return null;
}

/** Why a key that is not a modifier cannot be the key, or null when it can. */
function refusalFor(name: string, mods: ReadonlySet<Modifier>, accelerator: string, p: KeyPurpose): string | null {
  if (name === 'Escape') return `Escape cancels, so it cannot be the ${p.name}.`;
  if (name === 'Tab') return `Tab moves between controls and windows, so it cannot be the ${p.name}.`;
  if (name === 'PrintScreen') return 'The system takes screenshots with Print Screen.';
  if (name === 'CapsLock' || name === 'NumLock') return `${words(name)} switches on or off each time it is pressed, so it cannot be the ${p.name}.`;
  const typing = !mods.has('Ctrl') && !mods.has('Alt') && !mods.has('Meta');
  if (typing) {
    if (name === 'Enter' || name === 'NumpadEnter') return `${accelerator} sends messages and presses buttons. ${addAModifier(p)}`;
    if (/^[A-Z]$/.test(name)) return `A letter without Ctrl or Alt would ${p.action} whenever you type it. ${addAModifier(p)}`;
    if (/^[0-9]$/.test(name) || /^Numpad[0-9]$/.test(name)) return `A digit without Ctrl or Alt would ${p.action} whenever you type it. ${addAModifier(p)}`;
    if (name === 'Space' || PUNCTUATION.includes(name) || NUMPAD_TYPING.includes(name)) {
      return `${accelerator} types text, so it would ${p.action} whenever you type it. ${addAModifier(p)}`;
    }
    if (EDITING.includes(name)) return `${accelerator} is used to move around and edit text, so it would ${p.action} while you work. ${addAModifier(p)}`;
  }
  const reserved = reservedReason(accelerator, mods, name, p);
  if (reserved) return reserved;
  if (p.shortcut && !SHORTCUT_KEY.test(name)) return `${accelerator} cannot be registered as a system shortcut. Pick another key, such as ${p.example}.`;
  return null;
}

/** The key for a key pressed with the modifiers held at that moment (not for a modifier key). */
export function acceleratorFor(e: KeyPress, options: CaptureOptions = {}): CaptureResult {
  const p = options.purpose ?? PUSH_TO_TALK_KEY;
  const name = keyName(e, p.shortcut);
  if (name === null) {
    const shown = e.key && e.key !== 'Unidentified' && e.key !== 'Dead' ? e.key : e.code || 'This key';
    const what = shown === ' ' ? 'this key' : `"${shown}"`;
    const cannot = p.shortcut ? `A system shortcut cannot use ${what}` : `The global key hook cannot watch ${what}`;
    return refuse(`${cannot}. Pick another key, such as ${p.example}.`);
  }
  const mods = new Set(MODIFIER_ORDER.filter((m) => e[FLAG[m]]));
  const accelerator = [...mods, name].join('+');
  const reason = refusalFor(name, mods, accelerator, p);
  return reason ? refuse(reason) : checkConflicts(accelerator, options);
}

/** The key for a modifier pressed and released with no other key. */
export function modifierAlone(key: ModifierKey, options: CaptureOptions = {}): CaptureResult {
  const { modifier, side } = key;
  const p = options.purpose ?? PUSH_TO_TALK_KEY;
  if (p.shortcut) return refuse(`${side} ${modifier} alone cannot be the ${p.name}: a system shortcut needs another key with it, such as ${p.example}.`);
  if (modifier === 'Shift') return refuse('Shift is held to type capitals, so it would start talking while you type. Pick Right Ctrl, or a key such as F9.');
  if (modifier === 'Meta') return refuse('The Meta (Windows or Super) key opens the system menu. Pick Right Ctrl, or a key such as F9.');
  if (side === 'Left') {
    return refuse(`Left ${modifier} is part of many shortcuts, so it would start talking with each of them. Use Right ${modifier}, or add a key, such as ${modifier}+Space.`);
  }
  return checkConflicts(`${side}${modifier}`, options);
}

function checkConflicts(accelerator: string, options: CaptureOptions): CaptureResult {
  const clash = options.others?.find((other) => other.hotkey.trim() && sameHotkey(other.hotkey, accelerator));
  if (clash) return refuse(`${accelerator} is already the ${clash.label}. Pick a different key.`);
  return { ok: true, accelerator };
}

interface Canonical {
  mods: Set<Modifier>;
  /** A key name in lower case, or a modifier used as the key ("right ctrl", or "any ctrl" for a bare "Ctrl"). */
  key: string;
}

function canonical(text: string): Canonical | null {
  const parts = text.split('+').map((p) => p.trim().toLowerCase()).filter(Boolean);
  const last = parts.pop();
  if (!last) return null;
  const mods = new Set<Modifier>();
  for (const part of parts) {
    const modifier = MODIFIER_WORDS[part];
    if (!modifier) return null;
    mods.add(modifier);
  }
  const alone = last === 'altgr' ? ['', 'right', 'alt', ''] : /^(left|right)?([a-z]+?)(left|right)?$/.exec(last);
  const modifier = alone ? MODIFIER_WORDS[alone[2]!] : undefined;
  if (alone && modifier) {
    // As in hotkey-spec: the key's own flag is not asked for.
    mods.delete(modifier);
    return { mods, key: `${alone[1] || alone[3] || 'any'} ${modifier}` };
  }
  return { mods, key: last };
}

/** Whether two push-to-talk keys would be set off by the same press ("ctrl+space" is "Ctrl+Space"; "Ctrl" covers "RightCtrl"). */
export function sameHotkey(a: string, b: string): boolean {
  const x = canonical(a);
  const y = canonical(b);
  if (!x || !y || x.mods.size !== y.mods.size || ![...x.mods].every((m) => y.mods.has(m))) return false;
  if (x.key === y.key) return true;
  const [xSide, xMod] = x.key.split(' ');
  const [ySide, yMod] = y.key.split(' ');
  return xMod !== undefined && xMod === yMod && (xSide === 'any' || ySide === 'any');
}

/**
 * Follows one capture from its first key to its result: a key with whatever modifiers are held gives its
 * combination on key-down; a modifier gives itself only when released before any other key ("RightCtrl");
 * several modifiers released with no key are refused.
 */
export class KeyCapture {
  private readonly pressed: string[] = [];

  constructor(private readonly options: CaptureOptions = {}) {}

  /** A result, or null while only modifiers are down. */
  keydown(e: KeyPress): CaptureResult | null {
    const mod = modifierOf(e);
    if (!mod) return acceleratorFor(e, this.options);
    const name = `${mod.side}${mod.modifier}`;
    if (!this.pressed.includes(name)) this.pressed.push(name);
    return null;
  }

  /** A result when a modifier pressed during this capture is released; null for anything else (e.g. the key-up of the key that started it). */
  keyup(e: KeyPress): CaptureResult | null {
    const mod = modifierOf(e);
    if (!mod || !this.pressed.includes(`${mod.side}${mod.modifier}`)) return null;
    if (this.pressed.length > 1) {
      const held = MODIFIER_ORDER.filter((m) => this.pressed.some((p) => p.endsWith(m))).join('+');
      return refuse(`${held} needs a key as well: hold ${held === 'Ctrl' || held === 'Alt' ? 'it' : 'them'} and press a key such as K.`);
    }
    return modifierAlone(mod, this.options);
  }
}
