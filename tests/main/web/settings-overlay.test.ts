import { describe, expect, it } from 'vitest';
import { overlaySettings } from '../../../src/main/web/settings-overlay';
import type { SettingsBacking } from '../../../src/main/settings/settings-service';

function memoryBacking(initial: Record<string, unknown> = {}): SettingsBacking & { writes: number } {
  let store = { ...initial };
  return {
    writes: 0,
    get store() {
      return { ...store };
    },
    set store(next) {
      this.writes += 1;
      store = { ...next };
    },
  };
}

// The settings service reads the whole store once and writes whole objects back: do the same here.
const write = (backing: SettingsBacking, patch: Record<string, unknown>): void => {
  backing.store = { ...backing.store, ...patch };
};

describe('overlaySettings', () => {
  it('applies run-only values on top of the saved settings', () => {
    const file = memoryBacking({ endpoint: 'wss://saved.example/v1/realtime', voice: 'echo' });
    const backing = overlaySettings(file, { endpoint: 'ws://127.0.0.1:9/v1/realtime', offlineDemo: true });
    expect(backing.store).toEqual({ endpoint: 'ws://127.0.0.1:9/v1/realtime', offlineDemo: true, voice: 'echo' });
  });

  it('never writes an untouched run-only value to the file', () => {
    const file = memoryBacking({ endpoint: 'wss://saved.example/v1/realtime' });
    const backing = overlaySettings(file, { endpoint: 'ws://127.0.0.1:9/v1/realtime', model: 'm-run' });
    write(backing, { voice: 'sage' });
    expect(file.writes).toBe(1);
    expect(file.store).toEqual({ endpoint: 'wss://saved.example/v1/realtime', voice: 'sage' });
    expect(backing.store).toEqual({ endpoint: 'ws://127.0.0.1:9/v1/realtime', model: 'm-run', voice: 'sage' });
  });

  it('saves a run-only field once the user changes it, and stops overriding it', () => {
    const file = memoryBacking({ offlineDemo: false });
    const backing = overlaySettings(file, { offlineDemo: true, model: 'm-run' });
    expect(backing.store.offlineDemo).toBe(true);
    write(backing, { offlineDemo: false });
    expect(file.store).toEqual({ offlineDemo: false });
    write(backing, { offlineDemo: true });
    expect(file.store.offlineDemo).toBe(true);
    expect(backing.store).toEqual({ offlineDemo: true, model: 'm-run' });
  });

  it('keeps overriding a run-only field when saving the change failed', () => {
    const file = memoryBacking();
    let refuse = true;
    const flaky: SettingsBacking = {
      path: '/data/settings.json',
      get store() {
        return file.store;
      },
      set store(next) {
        if (refuse) throw new Error('EROFS');
        file.store = next;
      },
    };
    const run = 'ws://127.0.0.1:9/v1/realtime';
    const backing = overlaySettings(flaky, { endpoint: run });
    expect(backing.path).toBe('/data/settings.json');
    expect(() => write(backing, { endpoint: 'wss://other.example/v1/realtime' })).toThrow('EROFS');
    refuse = false;
    // The service kept the run-only endpoint in memory, so its next save still carries it.
    backing.store = { endpoint: run, voice: 'sage' };
    expect(file.store).toEqual({ voice: 'sage' });
  });
});
