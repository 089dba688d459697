// Settings file for plain Node (CLI, web mode, tests), via `conf` — the library electron-store wraps.
import { resolve } from 'node:path';
import Conf from 'conf';
import { OWNER_ONLY, setAsideUnreadable } from './settings-file';
import type { SettingsBacking } from './settings-service';

/** Opens `<dataDir>/settings.json`; what the user must be told about it (a damaged file moved aside) goes to `notices`. */
export function openConfBacking(dataDir: string, notices: string[]): SettingsBacking {
  const notice = setAsideUnreadable(resolve(dataDir, 'settings.json'), 'settings');
  if (notice) notices.push(notice);
  return new Conf<Record<string, unknown>>({ configName: 'settings', cwd: dataDir, configFileMode: OWNER_ONLY });
}
