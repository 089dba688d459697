// Settings for the core: validated with the shared schema, persisted through any store with a `.store`
// property — `conf` in plain Node, electron-store (built on conf, same API) in the app. Both write the
// file atomically, so a crash never leaves half-written settings.
import { EventEmitter } from 'node:events';
import { isDeepStrictEqual } from 'node:util';
import { InvalidInputError, issuesOf } from '../../shared/invalid-input';
import { migrateSettings, settingsPatchSchema, type Settings, type SettingsPatch } from '../../shared/settings';
import { backUpOnce, saveFailureText } from './settings-file';

export interface SettingsBacking {
  store: Record<string, unknown>;
  /** The file behind the store, if any: backed up before a repair overwrites it, named when a save fails. */
  readonly path?: string;
}

export class SettingsService extends EventEmitter<{ change: [Settings, SettingsPatch] }> {
  private current: Settings;
  /** The file holds values the first save will change or drop (hand edits, older versions). */
  private repairPending: boolean;

  constructor(private readonly backing: SettingsBacking) {
    super();
    const stored = backing.store;
    this.current = migrateSettings(stored);
    const kept: Record<string, unknown> = this.current;
    this.repairPending = Object.keys(stored).some((key) => !isDeepStrictEqual(stored[key], kept[key]));
  }

  get(): Settings {
    return this.current;
  }

  /**
   * Applies a validated patch; throws an InvalidInputError naming each invalid field, or an Error in plain
   * words when the file cannot be written — in both cases nothing changes.
   */
  update(patch: unknown): Settings {
    const parsed = settingsPatchSchema.safeParse(patch);
    if (!parsed.success) {
      const issues = issuesOf(parsed.error);
      const first = issues[0];
      throw new InvalidInputError(`${first?.path || 'settings'}: ${first?.message ?? 'invalid value'}`, issues);
    }
    const next = { ...this.current, ...parsed.data };
    this.save(next);
    this.current = next;
    this.emit('change', this.current, parsed.data);
    return this.current;
  }

  private save(next: Settings): void {
    const file = this.backing.path;
    try {
      if (this.repairPending && file) backUpOnce(file);
      this.backing.store = { ...next };
    } catch (error) {
      throw new Error(saveFailureText(file, error), { cause: error });
    }
    this.repairPending = false;
  }
}
