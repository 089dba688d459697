import { describe, expect, it } from 'vitest';
import { KeychainSecretStore, type CiphertextFile } from '../../../src/main/shell/keychain-secret-store';

// A stand-in for safeStorage that really transforms the bytes, so a plaintext leak would show.
const safeStorage = (backend = 'gnome_libsecret', available = true) => ({
  isEncryptionAvailable: () => available,
  getSelectedStorageBackend: () => backend,
  encryptString: (s: string) => Buffer.from(Buffer.from(s, 'utf8').map((b) => b ^ 0x5a)),
  decryptString: (b: Buffer) => Buffer.from(b.map((x) => x ^ 0x5a)).toString('utf8'),
});

function file(): CiphertextFile & { value?: string } {
  const f: CiphertextFile & { value?: string } = {
    get: () => f.value,
    set: (v) => (f.value = v),
    delete: () => delete f.value,
  };
  return f;
}

describe('KeychainSecretStore', () => {
  it('writes only ciphertext and reads the key back', () => {
    const disk = file();
    const store = new KeychainSecretStore(safeStorage(), disk, 'linux');
    store.set('sk-live-secret-123456');
    expect(disk.value).toBeDefined();
    expect(Buffer.from(disk.value!, 'base64').toString('utf8')).not.toContain('sk-live');
    expect(new KeychainSecretStore(safeStorage(), disk, 'linux').get()).toBe('sk-live-secret-123456');
    expect(store.storage).toBe('keychain');
  });

  it('keeps the key in memory only when Linux has no real keychain', () => {
    const disk = file();
    const store = new KeychainSecretStore(safeStorage('basic_text'), disk, 'linux');
    store.set('sk-live-secret-123456');
    expect(disk.value).toBeUndefined();
    expect(store.get()).toBe('sk-live-secret-123456');
    expect(store.storage).toBe('memory');
  });

  it('clears the stored key, and treats undecryptable ciphertext as no key', () => {
    const disk = file();
    const store = new KeychainSecretStore(safeStorage(), disk, 'darwin');
    store.set('sk-live-secret-123456');
    store.clear();
    expect(store.get()).toBeNull();
    expect(store.storage).toBe('none');
    disk.value = 'not-ciphertext';
    const broken = new KeychainSecretStore({ ...safeStorage(), decryptString: () => { throw new Error('bad'); } }, disk, 'darwin');
    expect(broken.get()).toBeNull();
  });
});
