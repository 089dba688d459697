// The API key in the OS keychain: Electron's safeStorage encrypts it with a key the OS keeps
// (Keychain, DPAPI, libsecret/kwallet). Only the ciphertext is written to disk, next to the origin the
// key is bound to (not a secret). Where the OS offers no real keychain (safeStorage's "basic_text"
// backend on Linux), the key is kept in memory only.
import type { SafeStorage } from 'electron';
import type { BoundKey, SecretStorage, SecretStore } from '../settings/secret-store';

export interface StoredKey {
  /** base64 */
  ciphertext: string;
  /** Absent in files written before keys were bound to an origin. */
  origin?: string;
}

export interface KeyFile {
  get(): StoredKey | undefined;
  set(stored: Required<StoredKey>): void;
  delete(): void;
}

export class KeychainSecretStore implements SecretStore {
  private memoryOnly: BoundKey | null = null;

  constructor(
    private readonly safeStorage: Pick<SafeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString'> & { getSelectedStorageBackend?: () => string },
    private readonly file: KeyFile,
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

  get(): BoundKey | null {
    if (this.memoryOnly !== null) return { ...this.memoryOnly };
    const stored = this.file.get();
    if (!stored || !this.keychainUsable) return null;
    try {
      // A key stored before origins were recorded is bound to none, so the user confirms where it goes
      // once. Assuming the default endpoint would be wrong for a key that was given for another server,
      // and a stored endpoint that no longer validates (e.g. ws:// to a LAN host) falls back to the default.
      return { key: this.safeStorage.decryptString(Buffer.from(stored.ciphertext, 'base64')), origin: stored.origin ?? null };
    } catch {
      return null; // encrypted under another OS user or keychain: ask for the key again
    }
  }

  set(key: string, origin: string): void {
    if (!this.keychainUsable) {
      this.memoryOnly = { key, origin };
      return;
    }
    this.memoryOnly = null;
    this.file.set({ ciphertext: this.safeStorage.encryptString(key).toString('base64'), origin });
  }

  bindTo(origin: string): void {
    if (this.memoryOnly !== null) {
      this.memoryOnly = { ...this.memoryOnly, origin };
      return;
    }
    const stored = this.file.get();
    if (stored) this.file.set({ ciphertext: stored.ciphertext, origin });
  }

  clear(): void {
    this.memoryOnly = null;
    this.file.delete();
  }
}
