// Settings file for plain Node (CLI, web mode, tests), via `conf` — the library electron-store wraps.
import Conf from 'conf';
import type { SettingsBacking } from './settings-service';

export function openConfBacking(dataDir?: string): SettingsBacking {
  return new Conf<Record<string, unknown>>({
    projectName: 'voice-assistant',
    configName: 'settings',
    ...(dataDir ? { cwd: dataDir } : {}),
  });
}
