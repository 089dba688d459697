// A global push-to-talk key that works from any application. Electron's globalShortcut reports only
// key-down, and push-to-talk needs the release too, so this uses a system-wide key hook (uiohook-napi).
// `press`/`release` are the key itself; `start`/`send`/`cancel` are what the gesture means in the mode.
import { EventEmitter } from 'node:events';
import { UiohookKey, uIOhook, type UiohookKeyboardEvent } from 'uiohook-napi';
import type { HotkeyMode } from '../../shared/domain';
import { KeyGesture, type GestureAction, type GestureOptions } from './gesture';
import { isHotkey, modifiersHeld, parseHotkey, type HotkeySpec } from './hotkey-spec';
import { hookUnavailableReason } from './hook-availability';
import { errorText } from '../../shared/error-text';

export { hookUnavailableReason } from './hook-availability';

type Hook = Pick<typeof uIOhook, 'on' | 'off' | 'start' | 'stop'>;

export interface PushToTalkKeyOptions extends Partial<GestureOptions> {
  mode?: HotkeyMode;
  /** Where the hook would run (tests pass their own); defaults to this process. */
  platform?: NodeJS.Platform;
  env?: NodeJS.ProcessEnv;
}

export class PushToTalkKey extends EventEmitter<{ press: []; release: []; start: []; send: []; cancel: []; unavailable: [reason: string] }> {
  private spec: HotkeySpec;
  private held = false;
  private running = false;
  private readonly gesture: KeyGesture;

  constructor(
    accelerator: string,
    private readonly hook: Hook = uIOhook,
    options: PushToTalkKeyOptions = {},
  ) {
    super();
    this.spec = parseHotkey(accelerator);
    this.gesture = new KeyGesture(options.mode ?? 'hold', { now: options.now ?? (() => performance.now()), tapMs: options.tapMs });
    this.platform = options.platform ?? process.platform;
    this.env = options.env ?? process.env;
  }

  private readonly platform: NodeJS.Platform;
  private readonly env: NodeJS.ProcessEnv;

  setKey(accelerator: string): void {
    this.spec = parseHotkey(accelerator);
    this.release();
  }

  setMode(mode: HotkeyMode): void {
    this.gesture.setMode(mode);
  }

  /** Starts the hook; false (and `unavailable` with the reason) when it cannot run here. Never throws. */
  start(): boolean {
    if (this.running) return true;
    const reason = hookUnavailableReason(this.platform, this.env);
    if (reason) {
      this.emit('unavailable', reason);
      return false;
    }
    this.hook.on('keydown', this.onDown);
    this.hook.on('keyup', this.onUp);
    try {
      this.hook.start();
    } catch (error) {
      this.hook.off('keydown', this.onDown);
      this.hook.off('keyup', this.onUp);
      this.emit('unavailable', `The global push-to-talk key could not start (${errorText(error)}). Use Hold to talk in the window.`);
      return false;
    }
    this.running = true;
    return true;
  }

  stop(): void {
    if (!this.running) return;
    this.release();
    this.hook.off('keydown', this.onDown);
    this.hook.off('keyup', this.onUp);
    this.hook.stop();
    this.running = false;
  }

  private readonly onDown = (e: UiohookKeyboardEvent): void => {
    if (!isHotkey(this.spec, e.keycode)) {
      if (e.keycode === UiohookKey.Escape) this.act(this.gesture.escape());
      return;
    }
    // Auto-repeat sends key-down again while held: one press per hold.
    if (this.held || !modifiersHeld(this.spec, e)) return;
    this.held = true;
    this.emit('press');
    this.act(this.gesture.keyDown());
  };

  private readonly onUp = (e: UiohookKeyboardEvent): void => {
    // Releasing the main key ends the hold even if a modifier was let go first.
    if (!isHotkey(this.spec, e.keycode) || !this.held) return;
    this.held = false;
    this.emit('release');
    this.act(this.gesture.keyUp());
  };

  /** The key is forgotten (changed, or the hook stops): a turn in progress is sent. */
  private release(): void {
    if (this.held) {
      this.held = false;
      this.emit('release');
    }
    this.act(this.gesture.reset());
  }

  private act(action: GestureAction | null): void {
    if (action) this.emit(action);
  }
}
