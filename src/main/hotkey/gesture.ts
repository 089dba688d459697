// Turns the push-to-talk key's raw downs and ups (and Esc) into what the user meant: start talking, send
// what was said, or throw it away. Pure and clock-injected, so every mode is tested without timers or a hook.
import type { HotkeyMode } from '../../shared/domain';

export type GestureAction = 'start' | 'send' | 'cancel';

export interface GestureOptions {
  /** Milliseconds; injected so that a test decides how long a press lasted. */
  now: () => number;
  /** In hold-or-toggle mode, a press shorter than this is a tap (toggles); as long or longer, a hold. */
  tapMs?: number;
}

export const DEFAULT_TAP_MS = 300;

// idle: not talking. holding: talking while the key is down; its release sends (or, for a tap, latches).
// latched: talking with the key up; the next press sends.
type Phase = 'idle' | 'holding' | 'latched';

export class KeyGesture {
  private phase: Phase = 'idle';
  /** The key is physically down: a further key-down is auto-repeat. */
  private down = false;
  private pressedAt = 0;
  private readonly now: () => number;
  private readonly tapMs: number;

  constructor(
    private mode: HotkeyMode,
    options: GestureOptions,
  ) {
    this.now = options.now;
    this.tapMs = options.tapMs ?? DEFAULT_TAP_MS;
  }

  get talking(): boolean {
    return this.phase !== 'idle';
  }

  /**
   * A turn in progress carries on: whatever phase it is in, the new mode's rules can finish it (a hold that
   * becomes a toggle latches on release, a latched turn in hold mode is sent by the next press).
   */
  setMode(mode: HotkeyMode): void {
    this.mode = mode;
  }

  keyDown(): GestureAction | null {
    if (this.down) return null;
    this.down = true;
    if (this.phase !== 'idle') {
      // Only a latched turn (or a hold left over from a mode change) can see a fresh press: it ends it.
      this.phase = 'idle';
      return 'send';
    }
    this.pressedAt = this.now();
    this.phase = this.mode === 'toggle' ? 'latched' : 'holding';
    return 'start';
  }

  keyUp(): GestureAction | null {
    if (!this.down) return null;
    this.down = false;
    if (this.phase !== 'holding') return null;
    const tap = this.mode === 'toggle' || (this.mode === 'hold-or-toggle' && this.now() - this.pressedAt < this.tapMs);
    if (tap) {
      this.phase = 'latched';
      return null;
    }
    this.phase = 'idle';
    return 'send';
  }

  /** Esc throws the turn away. The key may still be down: its release then does nothing. */
  escape(): GestureAction | null {
    if (this.phase === 'idle') return null;
    this.phase = 'idle';
    return 'cancel';
  }

  /**
   * Forgets the key (it changed, or the hook stops: its release may never come). A turn in progress is
   * sent, as letting go of the key would have done.
   */
  reset(): GestureAction | null {
    const talking = this.phase !== 'idle';
    this.phase = 'idle';
    this.down = false;
    return talking ? 'send' : null;
  }
}
