// Whether the global key hook can run here, decided without loading it (loading the native hook where
// there is no X display already breaks the process's exit).

/** What only the Electron shell can find out about the host (the core never imports electron). */
export interface HookHost {
  /** macOS: whether the app is trusted for Accessibility; undefined when unknown or elsewhere. */
  accessibilityTrusted?: boolean;
}

const isWayland = (env: NodeJS.ProcessEnv): boolean => Boolean(env.WAYLAND_DISPLAY) || env.XDG_SESSION_TYPE === 'wayland';

/**
 * Why the global key hook cannot run here, in plain words with the way out, or null when it can. On Linux
 * the hook is an X11 client: without a display libuiohook aborts the whole process, so it is never started.
 */
export function hookUnavailableReason(platform: NodeJS.Platform, env: NodeJS.ProcessEnv, host: HookHost = {}): string | null {
  // macOS hands a hook without Accessibility permission no keys at all, and says nothing.
  if (platform === 'darwin' && host.accessibilityTrusted === false) {
    return 'The global push-to-talk key needs Accessibility permission: System Settings → Privacy & Security → Accessibility → turn on Voice Assistant, then restart it. Meanwhile use Hold to talk in the window.';
  }
  if (platform !== 'linux' || env.DISPLAY) return null;
  return isWayland(env)
    ? 'The global push-to-talk key needs X11, and this Wayland session has no X display (XWayland). Use Hold to talk in the window, or enable XWayland.'
    : 'The global push-to-talk key needs an X display, and none is set (DISPLAY). Use Hold to talk in the window.';
}

/**
 * Where the hook runs but hears less than the user expects, in plain words with the way out, or null. Under
 * Wayland with XWayland the hook is an X11 client like any other: the compositor gives it keys only while an
 * X11 window has focus.
 */
export function hookLimitation(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): string | null {
  if (platform !== 'linux' || !env.DISPLAY || !isWayland(env)) return null;
  return 'On Wayland the global push-to-talk key is heard only while an X11 app has focus. For a key that works everywhere, bind "voice-assistant --toggle-talk" to a key in your desktop\'s keyboard settings.';
}

/**
 * The startup notice where the hook cannot run: the reason, then what still works. `fallbackKey` is the
 * push-to-talk key when Electron's globalShortcut stands in for it (press to start, press again to send).
 * Binding a command to a key is how Linux desktops without a hook get one; elsewhere it is not offered.
 */
export function hookFallbackNotice(reason: string, platform: NodeJS.Platform, fallbackKey: string | null): string {
  const bind = platform === 'linux' ? 'bind "voice-assistant --toggle-talk" to a key in your desktop\'s keyboard settings' : null;
  if (fallbackKey) return `${reason} ${fallbackKey} still works as press to start, press again to send${bind ? ` (or ${bind})` : ''}.`;
  return bind ? `${reason} You can ${bind}.` : reason;
}
