// PushToTalkKey over a fake hook: which keys reach the gesture and what it emits. The native hook itself is
// covered under a real X server by push-to-talk-key.test.ts.
import { EventEmitter } from 'node:events';
import { UiohookKey, type UiohookKeyboardEvent } from 'uiohook-napi';
import { describe, expect, it } from 'vitest';
import { PushToTalkKey, type PushToTalkKeyOptions } from '../../../src/main/hotkey/push-to-talk-key';

class FakeHook extends EventEmitter {
  started = false;
  start(): void {
    this.started = true;
  }
  stop(): void {
    this.started = false;
  }
}

type Mods = Partial<Pick<UiohookKeyboardEvent, 'ctrlKey' | 'altKey' | 'shiftKey' | 'metaKey'>>;

function setup(accelerator: string, options: PushToTalkKeyOptions = {}) {
  let t = 0;
  const hook = new FakeHook();
  const key = new PushToTalkKey(accelerator, hook as never, { now: () => t, env: { DISPLAY: ':0' }, ...options });
  const seen: string[] = [];
  for (const name of ['press', 'release', 'start', 'send', 'cancel'] as const) key.on(name, () => seen.push(name));
  const event = (keycode: number, mods: Mods): UiohookKeyboardEvent =>
    ({ keycode, time: t, ctrlKey: false, altKey: false, shiftKey: false, metaKey: false, ...mods }) as UiohookKeyboardEvent;
  const down = (keycode: number, mods: Mods = {}): void => void hook.emit('keydown', event(keycode, mods));
  const up = (keycode: number, mods: Mods = {}): void => void hook.emit('keyup', event(keycode, mods));
  const wait = (ms: number): void => {
    t += ms;
  };
  /** What was emitted since the last call. */
  const take = (): string[] => seen.splice(0);
  key.start();
  return { hook, key, down, up, wait, take };
}

describe('PushToTalkKey with a fake hook', () => {
  it('holds by default: press starts, release sends, auto-repeat adds nothing', () => {
    const { down, up, take } = setup('F9');
    down(UiohookKey.F9);
    down(UiohookKey.F9);
    up(UiohookKey.F9);
    expect(take()).toEqual(['press', 'start', 'release', 'send']);
  });

  it('toggles when set to: the second press sends', () => {
    const { key, down, up, take } = setup('F9');
    key.setMode('toggle');
    down(UiohookKey.F9);
    up(UiohookKey.F9);
    expect(take()).toEqual(['press', 'start', 'release']);
    down(UiohookKey.F9);
    up(UiohookKey.F9);
    expect(take()).toEqual(['press', 'send', 'release']);
  });

  it('tells a tap from a hold in hold-or-toggle mode by the injected clock', () => {
    const { down, up, wait, take } = setup('F9', { mode: 'hold-or-toggle', tapMs: 200 });
    down(UiohookKey.F9);
    wait(199);
    up(UiohookKey.F9);
    expect(take()).toEqual(['press', 'start', 'release']);
    down(UiohookKey.F9);
    up(UiohookKey.F9);
    expect(take()).toEqual(['press', 'send', 'release']);
    down(UiohookKey.F9);
    wait(200);
    up(UiohookKey.F9);
    expect(take()).toEqual(['press', 'start', 'release', 'send']);
  });

  it('cancels on Esc while talking, ignores Esc when idle, and the release after it sends nothing', () => {
    const { down, up, take } = setup('F9');
    down(UiohookKey.Escape);
    expect(take()).toEqual([]);
    down(UiohookKey.F9);
    down(UiohookKey.Escape);
    up(UiohookKey.F9);
    expect(take()).toEqual(['press', 'start', 'cancel', 'release']);
  });

  it('ignores other keys, and a combination without its modifiers', () => {
    const { down, up, take } = setup('Ctrl+Space');
    down(UiohookKey.A);
    down(UiohookKey.Space);
    up(UiohookKey.Space);
    expect(take()).toEqual([]);
    down(UiohookKey.Space, { ctrlKey: true });
    up(UiohookKey.Space); // Ctrl let go first: the main key's release still ends the hold
    expect(take()).toEqual(['press', 'start', 'release', 'send']);
  });

  it('takes a modifier alone as the key, whatever flag the hook reports with it', () => {
    const { down, up, take } = setup('RightCtrl');
    down(UiohookKey.Ctrl, { ctrlKey: true });
    up(UiohookKey.Ctrl);
    expect(take()).toEqual([]);
    down(UiohookKey.CtrlRight, { ctrlKey: true });
    up(UiohookKey.CtrlRight);
    down(UiohookKey.CtrlRight);
    up(UiohookKey.CtrlRight);
    expect(take()).toEqual(['press', 'start', 'release', 'send', 'press', 'start', 'release', 'send']);
  });

  it('sends a turn in progress when the key changes, then listens to the new key only', () => {
    const { key, down, up, take } = setup('F9', { mode: 'toggle' });
    down(UiohookKey.F9);
    key.setKey('F8');
    expect(take()).toEqual(['press', 'start', 'release', 'send']);
    up(UiohookKey.F9);
    down(UiohookKey.F9);
    expect(take()).toEqual([]);
    down(UiohookKey.F8);
    expect(take()).toEqual(['press', 'start']);
  });

  it('sends a turn in progress on stop and leaves the hook', () => {
    const { hook, key, down, take } = setup('F9');
    expect(hook.started).toBe(true);
    down(UiohookKey.F9);
    key.stop();
    expect(take()).toEqual(['press', 'start', 'release', 'send']);
    expect(hook.started).toBe(false);
    expect(hook.listenerCount('keydown') + hook.listenerCount('keyup')).toBe(0);
    down(UiohookKey.F9);
    expect(take()).toEqual([]);
  });
});

describe('PushToTalkKey where the hook cannot run', () => {
  it('on Linux without an X display it never starts the hook (libuiohook would abort the process) and says why', () => {
    const hook = new FakeHook();
    const key = new PushToTalkKey('F9', hook as never, { platform: 'linux', env: { WAYLAND_DISPLAY: 'wayland-0' } });
    const reasons: string[] = [];
    key.on('unavailable', (r) => reasons.push(r));
    expect(key.start()).toBe(false);
    expect(hook.started).toBe(false);
    expect(reasons).toEqual([expect.stringMatching(/needs X11.*Wayland.*Hold to talk/)]);
  });

  it('a hook that fails to start is reported, not thrown', () => {
    const hook = new FakeHook();
    hook.start = () => {
      throw new Error('hook_run failed');
    };
    const key = new PushToTalkKey('F9', hook as never, { platform: 'linux', env: { DISPLAY: ':0' } });
    const reasons: string[] = [];
    key.on('unavailable', (r) => reasons.push(r));
    expect(key.start()).toBe(false);
    expect(reasons).toEqual([expect.stringMatching(/could not start \(hook_run failed\).*Hold to talk/)]);
    expect(hook.listenerCount('keydown')).toBe(0);
  });

  it('with a display (or off Linux) it starts', () => {
    const hook = new FakeHook();
    expect(new PushToTalkKey('F9', hook as never, { platform: 'linux', env: { DISPLAY: ':1' } }).start()).toBe(true);
    expect(hook.started).toBe(true);
    const mac = new FakeHook();
    expect(new PushToTalkKey('F9', mac as never, { platform: 'darwin', env: {} }).start()).toBe(true);
  });
});
