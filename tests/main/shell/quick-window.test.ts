// The quick-ask popup's window logic against typed stand-ins of Electron's window and screen: where it
// appears, what toggles and hides it, and that it is as locked down as the main window.
import { EventEmitter } from 'node:events';
import type { BrowserWindow, Display, Point, Rectangle, Screen } from 'electron';
import { describe, expect, it } from 'vitest';
import { BLUR_TOGGLE_GRACE_MS, HIDE_ON_BLUR, QUICK_SIZE, createQuickAsk, quickWindowBounds, quickWindowOptions } from '../../../src/main/shell/quick-window';
import { secureWebPreferences } from '../../../src/main/shell/window-security';

const PAGE = 'app://renderer/quick.html';
const PRELOAD = '/app/out/preload/index.cjs';

class FakeWindow extends EventEmitter {
  readonly webContents = new EventEmitter();
  visible = false;
  destroyed = false;
  bounds: Rectangle | null = null;
  loaded: string[] = [];
  focused = 0;
  show(): void {
    this.visible = true;
  }
  hide(): void {
    this.visible = false;
  }
  focus(): void {
    this.focused += 1;
  }
  setBounds(bounds: Rectangle): void {
    this.bounds = bounds;
  }
  isVisible(): boolean {
    return this.visible;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  loadURL(url: string): Promise<void> {
    this.loaded.push(url);
    return Promise.resolve();
  }
  close(): void {
    this.destroyed = true;
    this.visible = false;
    this.emit('closed');
  }
  /** What Electron's before-input-event hands the listener. */
  key(key: string, type: 'keyDown' | 'keyUp' = 'keyDown', isComposing = false): boolean {
    let prevented = false;
    this.webContents.emit('before-input-event', { preventDefault: () => (prevented = true) }, { type, key, isComposing });
    return prevented;
  }
}

// Two displays side by side, the right one with a top panel.
const LEFT: Rectangle = { x: 0, y: 0, width: 1920, height: 1040 };
const RIGHT: Rectangle = { x: 1920, y: 32, width: 2560, height: 1408 };

function setup() {
  const windows: FakeWindow[] = [];
  // Each window handed to onCreate, with what it had loaded by then.
  const created: { win: FakeWindow; loadedBefore: string[] }[] = [];
  let cursor: Point = { x: 100, y: 100 };
  let clock = 10_000;
  const screen = {
    getCursorScreenPoint: () => cursor,
    getDisplayNearestPoint: (p: Point) => ({ workArea: p.x >= 1920 ? RIGHT : LEFT }) as Display,
  } as Pick<Screen, 'getCursorScreenPoint' | 'getDisplayNearestPoint'>;
  const quick = createQuickAsk({
    create: () => {
      const w = new FakeWindow();
      windows.push(w);
      return w as unknown as BrowserWindow;
    },
    screen,
    url: PAGE,
    onCreate: (w) => {
      const win = w as unknown as FakeWindow;
      created.push({ win, loadedBefore: [...win.loaded] });
    },
    now: () => clock,
  });
  return {
    quick,
    windows,
    created,
    moveCursor: (to: Point) => (cursor = to),
    advance: (ms: number) => (clock += ms),
    /** The first window, its page loaded and painted. */
    ready(): FakeWindow {
      const w = windows.at(-1)!;
      w.emit('ready-to-show');
      return w;
    },
  };
}

describe('quick-ask window', () => {
  it('is a small frameless, always-on-top, taskbar-less, fixed-size window with the same hardening as the main window', () => {
    const options = quickWindowOptions(PRELOAD);
    expect(options).toMatchObject({ width: QUICK_SIZE.width, height: QUICK_SIZE.height, show: false, frame: false, alwaysOnTop: true, skipTaskbar: true, resizable: false });
    expect(options.webPreferences).toEqual(secureWebPreferences(PRELOAD));
    expect(QUICK_SIZE).toEqual({ width: 460, height: 220 });
  });

  it('is made on the first toggle, its page loaded after the transport could attach to it', () => {
    const { quick, windows, created } = setup();
    expect(windows).toHaveLength(0);
    quick.toggle();
    expect(windows).toHaveLength(1);
    const w = windows[0]!;
    expect(created).toEqual([{ win: w, loadedBefore: [] }]);
    expect(w.loaded).toEqual([PAGE]);
    expect(w.visible).toBe(false);
  });

  it('appears only once its page is painted, top centre on the display under the pointer, focused', () => {
    const { quick, ready, moveCursor } = setup();
    moveCursor({ x: 3000, y: 700 });
    quick.toggle();
    const w = ready();
    expect(w.visible).toBe(true);
    expect(w.focused).toBe(1);
    expect(w.bounds).toEqual(quickWindowBounds(RIGHT));
    expect(w.bounds!.x + w.bounds!.width / 2).toBe(RIGHT.x + RIGHT.width / 2);
    expect(w.bounds!.y).toBeGreaterThanOrEqual(RIGHT.y);
    expect(w.bounds!.y).toBeLessThan(RIGHT.y + RIGHT.height / 4);
  });

  it('toggles: a second call hides it, a third shows the same window where the pointer is now', () => {
    const { quick, ready, windows, moveCursor } = setup();
    quick.toggle();
    const w = ready();
    quick.toggle();
    expect(w.visible).toBe(false);
    moveCursor({ x: 2500, y: 400 });
    quick.toggle();
    expect(w.visible).toBe(true);
    expect(w.bounds).toEqual(quickWindowBounds(RIGHT));
    expect(windows).toHaveLength(1);
  });

  it('a toggle while the page is still loading cancels the showing', () => {
    const { quick, ready } = setup();
    quick.toggle();
    quick.toggle();
    const w = ready();
    expect(w.visible).toBe(false);
    quick.toggle();
    expect(w.visible).toBe(true);
  });

  it('hides on Esc (key down, not while composing), and lets the page see the key too', () => {
    const { quick, ready } = setup();
    quick.toggle();
    const w = ready();
    expect(w.key('a')).toBe(false);
    w.key('Escape', 'keyUp');
    w.key('Escape', 'keyDown', true);
    expect(w.visible).toBe(true);
    expect(w.key('Escape')).toBe(false);
    expect(w.visible).toBe(false);
  });

  it('hides when it loses focus; the tray click that caused the blur does not bring it back', () => {
    expect(HIDE_ON_BLUR).toBe(true);
    const { quick, ready, advance } = setup();
    quick.toggle();
    const w = ready();
    w.emit('blur');
    expect(w.visible).toBe(false);
    advance(BLUR_TOGGLE_GRACE_MS / 3);
    quick.toggle();
    expect(w.visible).toBe(false);
    advance(BLUR_TOGGLE_GRACE_MS);
    quick.toggle();
    expect(w.visible).toBe(true);
  });

  it('a blur after it was hidden is not a blur-hide', () => {
    const { quick, ready } = setup();
    quick.toggle();
    const w = ready();
    quick.toggle();
    w.emit('blur');
    quick.toggle();
    expect(w.visible).toBe(true);
  });

  it('is made again after its window closed', () => {
    const { quick, ready, windows } = setup();
    quick.toggle();
    ready().close();
    quick.toggle();
    expect(windows).toHaveLength(2);
    expect(windows[1]!.visible).toBe(false);
    ready();
    expect(windows[1]!.visible).toBe(true);
    // The old window's late events change nothing.
    windows[0]!.emit('ready-to-show');
    windows[0]!.emit('closed');
    quick.toggle();
    expect(windows[1]!.visible).toBe(false);
  });
});

describe('quickWindowBounds', () => {
  it('stays inside a work area smaller than the popup', () => {
    const tiny: Rectangle = { x: 50, y: 20, width: 400, height: 200 };
    expect(quickWindowBounds(tiny)).toEqual({ x: 50, y: 20, width: 400, height: 200 });
  });

  it('keeps the offset of a work area that does not start at the origin', () => {
    const b = quickWindowBounds({ x: -1280, y: 100, width: 1280, height: 1000 });
    expect(b).toEqual({ x: -1280 + (1280 - 460) / 2, y: 100 + 120, width: 460, height: 220 });
  });
});
