// The quick-ask popup: a small frameless window over everything, on the display the pointer is on, near
// the top centre of its work area. The tray toggles it. Esc and losing focus hide it rather than close
// it, so it comes back at once with its page (and its client of the core) still there.
// Electron is handed in (the window constructor, the screen), so this runs against typed stand-ins in tests.
import type { BrowserWindow, BrowserWindowConstructorOptions, Rectangle, Screen } from 'electron';
import { secureWebPreferences } from './window-security';

export const QUICK_SIZE = { width: 460, height: 220 } as const;
/** Fixed for now; a setting could make it optional (a popup that stays while you read elsewhere). */
export const HIDE_ON_BLUR = true;
/**
 * Clicking the tray icon while the popup is up blurs it (hiding it) just before the click arrives as a
 * toggle; a toggle this soon after a blur-hide is that click, and must not show it again.
 */
export const BLUR_TOGGLE_GRACE_MS = 300;
/** Down from the top of the work area, as a share of its height: near the top, clear of the edge. */
const TOP_SHARE = 0.12;

export function quickWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: QUICK_SIZE.width,
    height: QUICK_SIZE.height,
    show: false,
    frame: false,
    alwaysOnTop: true,
    skipTaskbar: true,
    resizable: false,
    minimizable: false,
    maximizable: false,
    fullscreenable: false,
    title: 'Quick ask',
    webPreferences: secureWebPreferences(preloadPath),
  };
}

/** Top centre of a display's work area (the screen minus panels and docks), kept inside it. */
export function quickWindowBounds(workArea: Rectangle): Rectangle {
  const width = Math.min(QUICK_SIZE.width, workArea.width);
  const height = Math.min(QUICK_SIZE.height, workArea.height);
  const x = workArea.x + Math.round((workArea.width - width) / 2);
  const y = workArea.y + Math.min(Math.round(workArea.height * TOP_SHARE), workArea.height - height);
  return { x, y, width, height };
}

export interface QuickAskOptions {
  /** A new, unshown window made with quickWindowOptions (createQuickWindow in the app). */
  create(): BrowserWindow;
  screen: Pick<Screen, 'getCursorScreenPoint' | 'getDisplayNearestPoint'>;
  /** The quick page (QUICK_PAGE_URL, or the dev server's while developing). */
  url: string;
  /** Each window created, before its page loads (the IPC transport attaches here). */
  onCreate?(win: BrowserWindow): void;
  now?(): number;
}

export interface QuickAsk {
  /** Shows the popup where the pointer is, or hides it when it is up (or on its way up). */
  toggle(): void;
  hide(): void;
}

export function createQuickAsk(options: QuickAskOptions): QuickAsk {
  const now = options.now ?? Date.now;
  let win: BrowserWindow | null = null;
  // The first page load: shown at ready-to-show, so the popup never flashes blank.
  let ready = false;
  let wanted = false;
  let hiddenByBlurAt = -Infinity;

  const present = (w: BrowserWindow): void => {
    const display = options.screen.getDisplayNearestPoint(options.screen.getCursorScreenPoint());
    w.setBounds(quickWindowBounds(display.workArea));
    w.show();
    w.focus();
  };

  const hide = (): void => {
    wanted = false;
    if (win && !win.isDestroyed() && win.isVisible()) win.hide();
  };

  const create = (): BrowserWindow => {
    const w = options.create();
    ready = false;
    w.once('ready-to-show', () => {
      if (win !== w) return;
      ready = true;
      if (wanted) present(w);
    });
    // Not prevented: the page sees Esc too, and clears its box, as it does in web mode.
    w.webContents.on('before-input-event', (_event, input) => {
      if (input.type === 'keyDown' && input.key === 'Escape' && !input.isComposing) hide();
    });
    w.on('blur', () => {
      if (!HIDE_ON_BLUR || !w.isVisible()) return;
      hiddenByBlurAt = now();
      hide();
    });
    w.on('closed', () => {
      if (win !== w) return;
      win = null;
      wanted = false;
    });
    options.onCreate?.(w);
    void w.loadURL(options.url);
    return w;
  };

  return {
    toggle() {
      if (win && !win.isDestroyed() && (win.isVisible() || (wanted && !ready))) return hide();
      if (now() - hiddenByBlurAt < BLUR_TOGGLE_GRACE_MS) return;
      wanted = true;
      if (!win || win.isDestroyed()) win = create();
      else if (ready) present(win);
    },
    hide,
  };
}
