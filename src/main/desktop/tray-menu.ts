// The tray's menu as data: the shell turns each item into an Electron menu item and each action id into a
// call, so what the menu offers (and when) is decided and tested here.
//
// "Mute microphone" is the core's mute for this run (also in the window's status bar), checked from the
// status. "Start at login" is the setting of that name (also in Settings), checked as it is when the menu
// is built.
import type { TalkMode } from '../../shared/domain';

export type TrayAction = 'quickAsk' | 'mode:ptt' | 'mode:vad' | 'mute' | 'show' | 'settings' | 'startAtLogin' | 'quit';

export type TrayMenuItem =
  | { readonly type: 'separator' }
  /** A null action is a line of text, shown disabled. */
  | { readonly type: 'normal'; readonly label: string; readonly action: TrayAction | null }
  | { readonly type: 'radio'; readonly label: string; readonly action: TrayAction; readonly checked: boolean }
  | { readonly type: 'checkbox'; readonly label: string; readonly action: TrayAction; readonly checked: boolean };

export interface TrayMenuInput {
  /** The current talk mode; null (not known yet) checks neither radio item. */
  mode: TalkMode | null;
  /** Whether the microphone is muted; null or left out (no status yet) leaves the item out. */
  micMuted?: boolean | null;
  /** The push-to-talk key, for the hint shown in push-to-talk mode. */
  hotkey?: string | null;
  /** Whether the shell can open Settings; without it the item is left out rather than do nothing. */
  settings?: boolean;
  /** The start-at-login setting; null or left out (not known to the shell) leaves the item out. */
  startAtLogin?: boolean | null;
}

const MODE_LABELS: Record<TalkMode, string> = { ptt: 'Push to talk', vad: 'Hands-free' };

export function trayMenu(input: TrayMenuInput): TrayMenuItem[] {
  const hotkey = input.hotkey?.trim();
  const separator: TrayMenuItem = { type: 'separator' };
  return [
    { type: 'normal', label: 'Quick ask…', action: 'quickAsk' },
    // Hands-free needs no key: the hint would only suggest a step the user does not have to take.
    ...(input.mode === 'ptt' && hotkey ? [{ type: 'normal', label: `Hold ${hotkey} anywhere to talk`, action: null } as const] : []),
    separator,
    ...(['ptt', 'vad'] as const).map((mode): TrayMenuItem => ({ type: 'radio', label: MODE_LABELS[mode], action: `mode:${mode}`, checked: input.mode === mode })),
    ...(typeof input.micMuted === 'boolean' ? [{ type: 'checkbox', label: 'Mute microphone', action: 'mute', checked: input.micMuted } as const] : []),
    separator,
    { type: 'normal', label: 'Show Voice Assistant', action: 'show' },
    ...(input.settings ? [{ type: 'normal', label: 'Settings…', action: 'settings' } as const] : []),
    ...(typeof input.startAtLogin === 'boolean'
      ? [{ type: 'checkbox', label: 'Start at login', action: 'startAtLogin', checked: input.startAtLogin } as const]
      : []),
    separator,
    { type: 'normal', label: 'Quit', action: 'quit' },
  ];
}
