// Where the global key hook cannot run, or runs deaf to most keys, the user is told why and what to do.
import { describe, expect, it } from 'vitest';
import { hookFallbackNotice, hookLimitation, hookUnavailableReason } from '../../../src/main/hotkey/hook-availability';

describe('hookUnavailableReason', () => {
  it('lets the hook run on an X display, and on macOS and Windows when nothing is known against it', () => {
    expect(hookUnavailableReason('linux', { DISPLAY: ':0' })).toBeNull();
    expect(hookUnavailableReason('darwin', {})).toBeNull();
    expect(hookUnavailableReason('darwin', {}, { accessibilityTrusted: true })).toBeNull();
    expect(hookUnavailableReason('win32', {})).toBeNull();
  });

  it('names the missing X display, and XWayland under Wayland', () => {
    expect(hookUnavailableReason('linux', {})).toMatch(/needs an X display.*Hold to talk/);
    expect(hookUnavailableReason('linux', { WAYLAND_DISPLAY: 'wayland-0' })).toMatch(/Wayland session has no X display.*enable XWayland/);
    expect(hookUnavailableReason('linux', { XDG_SESSION_TYPE: 'wayland' })).toMatch(/Wayland session has no X display/);
  });

  it('on macOS without Accessibility permission, says where to turn it on and how to talk meanwhile', () => {
    expect(hookUnavailableReason('darwin', {}, { accessibilityTrusted: false })).toBe(
      'The global push-to-talk key needs Accessibility permission: System Settings → Privacy & Security → Accessibility → turn on Voice Assistant, then restart it. Meanwhile use Hold to talk in the window.',
    );
  });

  it('asks about Accessibility only on macOS', () => {
    expect(hookUnavailableReason('linux', { DISPLAY: ':0' }, { accessibilityTrusted: false })).toBeNull();
    expect(hookUnavailableReason('win32', {}, { accessibilityTrusted: false })).toBeNull();
  });
});

describe('hookLimitation', () => {
  const WAYLAND_LIMIT =
    'On Wayland the global push-to-talk key is heard only while an X11 app has focus. For a key that works everywhere, bind "voice-assistant --toggle-talk" to a key in your desktop\'s keyboard settings.';

  it('warns under Wayland with XWayland, however the session says it is Wayland', () => {
    expect(hookLimitation('linux', { DISPLAY: ':0', WAYLAND_DISPLAY: 'wayland-0' })).toBe(WAYLAND_LIMIT);
    expect(hookLimitation('linux', { DISPLAY: ':0', XDG_SESSION_TYPE: 'wayland' })).toBe(WAYLAND_LIMIT);
  });

  it('says nothing in an X11 session, without a display (that is a reason, not a limitation) or off Linux', () => {
    expect(hookLimitation('linux', { DISPLAY: ':0', XDG_SESSION_TYPE: 'x11' })).toBeNull();
    expect(hookLimitation('linux', { WAYLAND_DISPLAY: 'wayland-0' })).toBeNull();
    expect(hookLimitation('darwin', { DISPLAY: ':0', WAYLAND_DISPLAY: 'wayland-0' })).toBeNull();
  });

  it('never overlaps with a reason the hook cannot run', () => {
    const envs: NodeJS.ProcessEnv[] = [{}, { DISPLAY: ':0' }, { WAYLAND_DISPLAY: 'w' }, { DISPLAY: ':0', WAYLAND_DISPLAY: 'w' }, { XDG_SESSION_TYPE: 'wayland' }];
    for (const env of envs) expect(hookUnavailableReason('linux', env) !== null && hookLimitation('linux', env) !== null).toBe(false);
  });
});

describe('hookFallbackNotice', () => {
  const reason = 'The key hook cannot run.';
  it('says what still works: the stand-in key, and on Linux the command to bind', () => {
    expect(hookFallbackNotice(reason, 'linux', 'F9')).toBe(
      `${reason} F9 still works as press to start, press again to send (or bind "voice-assistant --toggle-talk" to a key in your desktop's keyboard settings).`,
    );
    expect(hookFallbackNotice(reason, 'linux', null)).toBe(`${reason} You can bind "voice-assistant --toggle-talk" to a key in your desktop's keyboard settings.`);
    expect(hookFallbackNotice(reason, 'darwin', 'F9')).toBe(`${reason} F9 still works as press to start, press again to send.`);
    expect(hookFallbackNotice(reason, 'darwin', null)).toBe(reason);
  });
});
