// Where the API key lives. In the app: the OS keychain through Electron's safeStorage (see the shell).
// Elsewhere: memory only, or an environment variable; never a settings file, never the renderer.

export type SecretStorage = 'keychain' | 'memory' | 'environment' | 'none';

export interface SecretStore {
  readonly storage: SecretStorage;
  get(): string | null;
  set(key: string): void;
  clear(): void;
}

/** Web mode and tests: the key is kept for this process only. An initial key may come from the environment. */
export class MemorySecretStore implements SecretStore {
  private key: string | null;
  private fromEnv: boolean;

  constructor(initial?: string | null) {
    this.key = initial?.trim() || null;
    this.fromEnv = this.key !== null;
  }

  get storage(): SecretStorage {
    if (this.key === null) return 'none';
    return this.fromEnv ? 'environment' : 'memory';
  }

  get(): string | null {
    return this.key;
  }

  set(key: string): void {
    this.key = key.trim();
    this.fromEnv = false;
  }

  clear(): void {
    this.key = null;
    this.fromEnv = false;
  }
}
