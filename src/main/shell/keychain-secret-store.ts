// The API key in the OS keychain: Electron's safeStorage encrypts it with a key the OS keeps
// (Keychain, DPAPI, libsecret/kwallet). Only the ciphertext is written to disk. Where the OS offers no
// real keychain (safeStorage's "basic_text" backend on Linux), the key is kept in memory only.
import type { SafeStorage } from 'electron';
import type { SecretStorage, SecretStore } from '../settings/secret-store';

export interface CiphertextFile {
  get(): string | undefined;
  set(base64: string): void;
  delete(): void;
}

export class KeychainSecretStore implements SecretStore {
  private memoryOnly: string | null = null;

  constructor(
    private readonly safeStorage: Pick<SafeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString'> & { getSelectedStorageBackend?: () => string },
    private readonly file: CiphertextFile,
    private readonly platform: string = process.platform,
  ) {}

  private get keychainUsable(): boolean {
    if (!this.safeStorage.isEncryptionAvailable()) return false;
    if (this.platform === 'linux' && this.safeStorage.getSelectedStorageBackend?.() === 'basic_text') return false;
    return true;
  }

  get storage(): SecretStorage {
    if (this.memoryOnly !== null) return 'memory';
    return this.file.get() ? 'keychain' : 'none';
  }

  get(): string | null {
    if (this.memoryOnly !== null) return this.memoryOnly;
    const stored = this.file.get();
    if (!stored || !this.keychainUsable) return null;
    try {
      return this.safeStorage.decryptString(Buffer.from(stored, 'base64'));
    } catch {
      return null; // encrypted under another OS user or keychain: ask for the key again
    }
  }

  set(key: string): void {
    if (!this.keychainUsable) {
      this.memoryOnly = key;
      return;
    }
    this.memoryOnly = null;
    this.file.set(this.safeStorage.encryptString(key).toString('base64'));
  }

  clear(): void {
    this.memoryOnly = null;
    this.file.delete();
  }
}
