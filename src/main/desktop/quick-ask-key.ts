// The quick-ask popup's own global key: a press, not a hold, so Electron's globalShortcut is enough (the
// push-to-talk key needs the hook for its key-up). Electron is handed in as a register/unregister pair, so
// this runs against a stand-in in tests; the key follows the setting while the app runs.
import type { Settings, SettingsPatch } from '../../shared/settings';
import { electronAccelerator } from './electron-accelerator';

/** What the app needs of Electron's globalShortcut. */
export interface ShortcutRegistry {
  /** False when the shortcut is taken (by another program, or already by this one). */
  register(accelerator: string, onPress: () => void): boolean;
  unregister(accelerator: string): void;
}

/** What the key needs of the SettingsService. */
export interface QuickAskKeySettings {
  get(): Settings;
  on(event: 'change', listener: (next: Settings, patch: SettingsPatch) => void): unknown;
  off(event: 'change', listener: (next: Settings, patch: SettingsPatch) => void): unknown;
}

export interface QuickAskKeyOptions {
  shortcuts: ShortcutRegistry;
  settings: QuickAskKeySettings;
  onPress(): void;
  /** A problem in plain words, for the window. */
  notice(message: string): void;
}

export class QuickAskKey {
  /** The accelerator registered now, or null (no key set, or it could not be registered). */
  private registered: string | null = null;
  private started = false;

  constructor(private readonly o: QuickAskKeyOptions) {}

  /** The Electron accelerator the key is registered as, or null. */
  get accelerator(): string | null {
    return this.registered;
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    this.o.settings.on('change', this.onChange);
    this.apply(this.o.settings.get().quickAskHotkey);
  }

  stop(): void {
    if (!this.started) return;
    this.started = false;
    this.o.settings.off('change', this.onChange);
    this.release();
  }

  private readonly onChange = (next: Settings, patch: SettingsPatch): void => {
    if ('quickAskHotkey' in patch) this.apply(next.quickAskHotkey);
  };

  private apply(hotkey: string): void {
    const key = hotkey.trim();
    const accelerator = key ? electronAccelerator(key) : null;
    // The same key in another spelling ("ctrl+alt+space"): already ours, and re-registering would drop it for a moment.
    if (accelerator !== null && accelerator === this.registered) return;
    this.release();
    if (!key) return;
    if (accelerator === null) {
      this.o.notice(`${key} cannot be the quick-ask key: a system shortcut needs a key such as Space, a letter or F1 to F24, with or without Ctrl, Alt, Shift or Meta. Pick another in Settings.`);
      return;
    }
    if (!this.tryRegister(accelerator)) {
      this.o.notice(`${key} could not be registered as the quick-ask key (another app may use it). Pick another in Settings.`);
      return;
    }
    this.registered = accelerator;
  }

  private tryRegister(accelerator: string): boolean {
    try {
      return this.o.shortcuts.register(accelerator, () => this.o.onPress());
    } catch {
      // Electron throws instead of returning false for an accelerator it cannot parse on this platform.
      return false;
    }
  }

  private release(): void {
    if (this.registered === null) return;
    this.o.shortcuts.unregister(this.registered);
    this.registered = null;
  }
}

/** Registers the quick-ask key now and keeps it following the setting until `stop()`. */
export function startQuickAskKey(options: QuickAskKeyOptions): QuickAskKey {
  const key = new QuickAskKey(options);
  key.start();
  return key;
}
