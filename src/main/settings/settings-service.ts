// Settings for the core: validated with the shared schema, persisted through any store with a `.store`
// property — `conf` in plain Node, electron-store (built on conf, same API) in the app. Both write the
// file atomically, so a crash never leaves half-written settings.
import { EventEmitter } from 'node:events';
import { InvalidInputError, issuesOf } from '../../shared/invalid-input';
import { migrateSettings, settingsPatchSchema, type Settings, type SettingsPatch } from '../../shared/settings';

export interface SettingsBacking {
  store: Record<string, unknown>;
}

export class SettingsService extends EventEmitter<{ change: [Settings, SettingsPatch] }> {
  private current: Settings;

  constructor(private readonly backing: SettingsBacking) {
    super();
    this.current = migrateSettings(backing.store);
  }

  get(): Settings {
    return this.current;
  }

  /** Applies a validated patch; throws an InvalidInputError naming each invalid field. */
  update(patch: unknown): Settings {
    const parsed = settingsPatchSchema.safeParse(patch);
    if (!parsed.success) {
      const issues = issuesOf(parsed.error);
      const first = issues[0];
      throw new InvalidInputError(`${first?.path || 'settings'}: ${first?.message ?? 'invalid value'}`, issues);
    }
    this.current = { ...this.current, ...parsed.data };
    this.backing.store = { ...this.current };
    this.emit('change', this.current, parsed.data);
    return this.current;
  }
}
