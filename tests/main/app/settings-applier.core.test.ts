// Start at login through the real core: a settings change reaches the shell's function, and what went wrong
// reaches the pages as a notice.
import { afterEach, describe, expect, it } from 'vitest';
import { closeAllApps, startApp } from '../../support/app-harness';

afterEach(closeAllApps);

const notices = (events: { name: string; payload: unknown }[]): unknown[] => events.filter((e) => e.name === 'notice').map((e) => e.payload);

describe('the startAtLogin setting', () => {
  it('is applied when it changes, and only then', async () => {
    const calls: boolean[] = [];
    const h = await startApp({ startAtLogin: (enabled) => (calls.push(enabled), null) });
    // Applying the stored value at startup is the shell's job, not the core's.
    expect(calls).toEqual([]);
    await h.request('updateSettings', { startAtLogin: true });
    await h.request('updateSettings', { theme: 'dark' });
    await h.request('updateSettings', { startAtLogin: false });
    expect(calls).toEqual([true, false]);
    expect(notices(h.events)).toEqual([]);
  });

  it('that fails becomes a notice, and the setting is kept', async () => {
    const message = 'Voice Assistant could not be set to start when you log in: the folder is read-only.';
    const h = await startApp({ startAtLogin: () => message });
    await h.request('updateSettings', { startAtLogin: true });
    expect(notices(h.events)).toEqual([{ message }]);
    expect(h.settings.get().startAtLogin).toBe(true);
  });

  it('is only kept where the app cannot start at login (web mode)', async () => {
    const h = await startApp();
    expect(await h.request('updateSettings', { startAtLogin: true })).toMatchObject({ startAtLogin: true });
    expect(notices(h.events)).toEqual([]);
  });
});
