// Command-line settings for one web-mode run (--endpoint, --sim …): they apply on top of the saved
// settings without being written to the settings file, until the user changes that field in Settings —
// from then on it is an ordinary saved setting.
import type { Settings } from '../../shared/settings';
import type { SettingsBacking } from '../settings/settings-service';

export function overlaySettings(inner: SettingsBacking, overlay: Partial<Settings>): SettingsBacking {
  const active: Record<string, unknown> = { ...overlay };
  return {
    path: inner.path,
    get store(): Record<string, unknown> {
      return { ...inner.store, ...active };
    },
    set store(next: Record<string, unknown>) {
      const saved = inner.store;
      const toSave: Record<string, unknown> = { ...next };
      const changed: string[] = [];
      for (const key of Object.keys(active)) {
        if (Object.is(next[key], active[key])) {
          // Untouched by the user: keep whatever the file held before this run.
          if (key in saved) toSave[key] = saved[key];
          else delete toSave[key];
        } else {
          changed.push(key);
        }
      }
      inner.store = toSave;
      // Only once saved: a failed save changes nothing, the overlay included.
      for (const key of changed) delete active[key];
    },
  };
}
