// Settings and the key's ciphertext on disk through electron-store (conf underneath, atomic writes).
import Store from 'electron-store';
import type { SettingsBacking } from '../settings/settings-service';
import type { CiphertextFile } from './keychain-secret-store';

export function openElectronSettings(): SettingsBacking {
  return new Store<Record<string, unknown>>({ name: 'settings' });
}

export function openCiphertextFile(): CiphertextFile {
  const store = new Store<{ apiKey?: string }>({ name: 'secrets' });
  return {
    get: () => store.get('apiKey'),
    set: (base64) => store.set('apiKey', base64),
    delete: () => store.delete('apiKey'),
  };
}
