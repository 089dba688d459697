// A global push-to-talk key that works from any application. Electron's globalShortcut reports only
// key-down, and push-to-talk needs the release too, so this uses a system-wide key hook (uiohook-napi).
import { EventEmitter } from 'node:events';
import { uIOhook, type UiohookKeyboardEvent } from 'uiohook-napi';
import { parseHotkey, type HotkeySpec } from './hotkey-spec';

type Hook = Pick<typeof uIOhook, 'on' | 'off' | 'start' | 'stop'>;

export class PushToTalkKey extends EventEmitter<{ press: []; release: [] }> {
  private spec: HotkeySpec;
  private held = false;
  private running = false;

  constructor(
    accelerator: string,
    private readonly hook: Hook = uIOhook,
  ) {
    super();
    this.spec = parseHotkey(accelerator);
  }

  setKey(accelerator: string): void {
    this.spec = parseHotkey(accelerator);
    this.release();
  }

  start(): void {
    if (this.running) return;
    this.hook.on('keydown', this.onDown);
    this.hook.on('keyup', this.onUp);
    this.hook.start();
    this.running = true;
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
    // Auto-repeat sends key-down again while held: one press per hold.
    if (this.held || e.keycode !== this.spec.keycode) return;
    const s = this.spec;
    if ((s.ctrl && !e.ctrlKey) || (s.alt && !e.altKey) || (s.shift && !e.shiftKey) || (s.meta && !e.metaKey)) return;
    this.held = true;
    this.emit('press');
  };

  private readonly onUp = (e: UiohookKeyboardEvent): void => {
    // Releasing the main key ends the turn even if a modifier was let go first.
    if (e.keycode === this.spec.keycode) this.release();
  };

  private release(): void {
    if (!this.held) return;
    this.held = false;
    this.emit('release');
  }
}
