// Where the API key lives. In the app: the OS keychain through Electron's safeStorage (see the shell).
// Elsewhere: memory only, or an environment variable; never a settings file, never the renderer.
// The key is kept with the origin of the endpoint it was given for (shared/endpoint-origin.ts): it is
// only ever sent there, until the user confirms it for another one.

export type SecretStorage = 'keychain' | 'memory' | 'environment' | 'none';

export interface BoundKey {
  key: string;
  /** The endpoint origin the key may go to; null when not known, and then nowhere without confirmation. */
  origin: string | null;
}

export interface SecretStore {
  readonly storage: SecretStorage;
  get(): BoundKey | null;
  /** A key given by the user, for the endpoint whose origin is `origin`. */
  set(key: string, origin: string): void;
  /** The user confirmed the stored key for another endpoint's origin. */
  bindTo(origin: string): void;
  clear(): void;
}

/**
 * Web mode, the CLI and tests: the key is kept for this process only. An initial key (a flag or the
 * environment) is given for the endpoint of that run, whose origin comes with it.
 */
export class MemorySecretStore implements SecretStore {
  private bound: BoundKey | null;
  private fromEnv: boolean;

  constructor(initial?: string | null, origin: string | null = null) {
    const key = initial?.trim();
    this.bound = key ? { key, origin } : null;
    this.fromEnv = this.bound !== null;
  }

  get storage(): SecretStorage {
    if (this.bound === null) return 'none';
    return this.fromEnv ? 'environment' : 'memory';
  }

  get(): BoundKey | null {
    return this.bound && { ...this.bound };
  }

  set(key: string, origin: string): void {
    this.bound = { key: key.trim(), origin };
    this.fromEnv = false;
  }

  bindTo(origin: string): void {
    if (this.bound) this.bound = { ...this.bound, origin };
  }

  clear(): void {
    this.bound = null;
    this.fromEnv = false;
  }
}
