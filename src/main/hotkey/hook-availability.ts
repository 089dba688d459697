// Whether the global key hook can run here, decided without loading it (loading the native hook where
// there is no X display already breaks the process's exit).
/**
 * Why the global key hook cannot run here, in plain words with the way out, or null when it can. On Linux
 * the hook is an X11 client: without a display libuiohook aborts the whole process, so it is never started.
 */
export function hookUnavailableReason(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): string | null {
  if (platform !== 'linux' || env.DISPLAY) return null;
  const wayland = env.WAYLAND_DISPLAY || env.XDG_SESSION_TYPE === 'wayland';
  return wayland
    ? 'The global push-to-talk key needs X11, and this Wayland session has no X display (XWayland). Use Hold to talk in the window, or enable XWayland.'
    : 'The global push-to-talk key needs an X display, and none is set (DISPLAY). Use Hold to talk in the window.';
}
