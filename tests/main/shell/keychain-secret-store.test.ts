import { describe, expect, it } from 'vitest';
import { KeychainSecretStore, type KeyFile, type StoredKey } from '../../../src/main/shell/keychain-secret-store';

// A stand-in for safeStorage that really transforms the bytes, so a plaintext leak would show.
const safeStorage = (backend = 'gnome_libsecret', available = true) => ({
  isEncryptionAvailable: () => available,
  getSelectedStorageBackend: () => backend,
  encryptString: (s: string) => Buffer.from(Buffer.from(s, 'utf8').map((b) => b ^ 0x5a)),
  decryptString: (b: Buffer) => Buffer.from(b.map((x) => x ^ 0x5a)).toString('utf8'),
});

function file(): KeyFile & { value?: StoredKey } {
  const f: KeyFile & { value?: StoredKey } = {
    get: () => f.value && { ...f.value },
    set: (v) => (f.value = { ...v }),
    delete: () => delete f.value,
  };
  return f;
}

const ORIGIN = 'wss://api.example.com';

describe('KeychainSecretStore', () => {
  it('writes only ciphertext, next to the origin, and reads both back', () => {
    const disk = file();
    const store = new KeychainSecretStore(safeStorage(), disk, 'linux');
    store.set('sk-live-secret-123456', ORIGIN);
    expect(disk.value?.origin).toBe(ORIGIN);
    expect(Buffer.from(disk.value!.ciphertext, 'base64').toString('utf8')).not.toContain('sk-live');
    expect(JSON.stringify(disk.value)).not.toContain('sk-live');
    expect(new KeychainSecretStore(safeStorage(), disk, 'linux').get()).toEqual({ key: 'sk-live-secret-123456', origin: ORIGIN });
    expect(store.storage).toBe('keychain');
  });

  it('persists a confirmed origin without touching the ciphertext', () => {
    const disk = file();
    const store = new KeychainSecretStore(safeStorage(), disk, 'darwin');
    store.set('sk-live-secret-123456', ORIGIN);
    const ciphertext = disk.value?.ciphertext;
    store.bindTo('ws://127.0.0.1:9000');
    expect(disk.value).toEqual({ ciphertext, origin: 'ws://127.0.0.1:9000' });
    expect(new KeychainSecretStore(safeStorage(), disk, 'darwin').get()?.origin).toBe('ws://127.0.0.1:9000');
  });

  it('binds a key saved before origins were recorded to none, so it is confirmed before use', () => {
    const disk = file();
    new KeychainSecretStore(safeStorage(), disk, 'linux').set('sk-live-secret-123456', ORIGIN);
    disk.value = { ciphertext: disk.value!.ciphertext }; // the file as earlier versions wrote it
    expect(new KeychainSecretStore(safeStorage(), disk, 'linux').get()).toEqual({ key: 'sk-live-secret-123456', origin: null });
  });

  it('keeps the key and its origin in memory only when Linux has no real keychain', () => {
    const disk = file();
    const store = new KeychainSecretStore(safeStorage('basic_text'), disk, 'linux');
    store.set('sk-live-secret-123456', ORIGIN);
    expect(disk.value).toBeUndefined();
    expect(store.get()).toEqual({ key: 'sk-live-secret-123456', origin: ORIGIN });
    store.bindTo('wss://other.example');
    expect(store.get()?.origin).toBe('wss://other.example');
    expect(disk.value).toBeUndefined();
    expect(store.storage).toBe('memory');
  });

  it('clears the stored key, and treats undecryptable ciphertext as no key', () => {
    const disk = file();
    const store = new KeychainSecretStore(safeStorage(), disk, 'darwin');
    store.set('sk-live-secret-123456', ORIGIN);
    store.clear();
    expect(store.get()).toBeNull();
    expect(store.storage).toBe('none');
    store.bindTo(ORIGIN); // nothing to bind
    expect(disk.value).toBeUndefined();
    disk.value = { ciphertext: 'not-ciphertext', origin: ORIGIN };
    const broken = new KeychainSecretStore({ ...safeStorage(), decryptString: () => { throw new Error('bad'); } }, disk, 'darwin');
    expect(broken.get()).toBeNull();
  });
});
