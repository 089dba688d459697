/* eslint-disable @typescript-eslint/ban-ts-comment */
// @ts-nocheck -- renderer sources belong to tsconfig.web.json; the node project (which globs tests/**) cannot
// include them without TS6307, so these files are type-checked by neither until the configs split them.
// The tray's "Settings…" as the main window hears it: through the page's own API over a stand-in transport.
import { describe, expect, it } from 'vitest';
import { SettingsRequests } from '../../../../src/renderer/src/lib/settings-requests';
import { buildAssistantApi } from '../../../../src/shared/ipc/api';

function page(settingsLoaded: boolean) {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const api = buildAssistantApi(
    async () => ({ ok: true, value: {} }),
    (event, listener) => {
      const set = listeners.get(event) ?? new Set();
      set.add(listener);
      listeners.set(event, set);
      return () => set.delete(listener);
    },
  );
  const state = { settingsLoaded, opened: 0 };
  // As App.svelte's openSettings: only with settings to show.
  const requests = new SettingsRequests(() => {
    if (state.settingsLoaded) state.opened += 1;
    return state.settingsLoaded;
  });
  const off = requests.listen(api);
  const emit = (event: string): void => listeners.get(event)?.forEach((listener) => listener({}));
  return { state, requests, off, emit };
}

describe('SettingsRequests', () => {
  it('opens Settings when the tray asks', () => {
    const { state, emit } = page(true);
    emit('openSettings');
    expect(state.opened).toBe(1);
  });

  it('ignores the other events', () => {
    const { state, emit } = page(true);
    emit('focusComposer');
    emit('notice');
    expect(state.opened).toBe(0);
  });

  it('keeps a request that came before the settings and honours it once they arrive', () => {
    const { state, requests, emit } = page(false);
    emit('openSettings');
    expect(state.opened).toBe(0);
    requests.retry();
    expect(state.opened).toBe(0);
    state.settingsLoaded = true;
    requests.retry();
    expect(state.opened).toBe(1);
  });

  it('honours a request once: later retries (settings saved again) do not reopen Settings', () => {
    const { state, requests, emit } = page(true);
    requests.retry();
    expect(state.opened).toBe(0);
    emit('openSettings');
    requests.retry();
    requests.retry();
    expect(state.opened).toBe(1);
  });

  it('stops listening when unsubscribed', () => {
    const { state, off, emit } = page(true);
    off();
    emit('openSettings');
    expect(state.opened).toBe(0);
  });
});
