// Settings and the key's ciphertext on disk through electron-store (conf underneath, atomic writes),
// owner-only, in the app's data folder. A file that cannot be parsed is moved aside first, and what the
// user must be told about it goes to `notices`.
import { join } from 'node:path';
import Store from 'electron-store';
import { OWNER_ONLY, setAsideUnreadable } from '../settings/settings-file';
import type { SettingsBacking } from '../settings/settings-service';
import type { KeyFile } from './keychain-secret-store';

function open<T extends Record<string, unknown>>(dir: string, name: string, what: 'settings' | 'key', notices: string[]): Store<T> {
  const notice = setAsideUnreadable(join(dir, `${name}.json`), what);
  if (notice) notices.push(notice);
  return new Store<T>({ name, cwd: dir, configFileMode: OWNER_ONLY });
}

/** `dir` is the app's data folder (`app.getPath('userData')`, electron-store's own default). */
export function openElectronSettings(dir: string, notices: string[]): SettingsBacking {
  return open<Record<string, unknown>>(dir, 'settings', 'settings', notices);
}

export function openKeyFile(dir: string, notices: string[]): KeyFile {
  const store = open<{ apiKey?: string; apiKeyOrigin?: string }>(dir, 'secrets', 'key', notices);
  return {
    get: () => {
      const ciphertext = store.get('apiKey');
      if (!ciphertext) return undefined;
      const origin = store.get('apiKeyOrigin');
      return origin === undefined ? { ciphertext } : { ciphertext, origin };
    },
    set: ({ ciphertext, origin }) => store.set({ apiKey: ciphertext, apiKeyOrigin: origin }),
    delete: () => {
      store.delete('apiKey');
      store.delete('apiKeyOrigin');
    },
  };
}
