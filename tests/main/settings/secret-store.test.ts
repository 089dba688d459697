import { describe, expect, it } from 'vitest';
import { MemorySecretStore } from '../../../src/main/settings/secret-store';

describe('MemorySecretStore', () => {
  it('reports where the key came from', () => {
    const store = new MemorySecretStore('from-env-key-123', 'wss://a.example');
    expect(store.storage).toBe('environment');
    store.set('typed-key-456', 'wss://a.example');
    expect(store.storage).toBe('memory');
    expect(store.get()).toEqual({ key: 'typed-key-456', origin: 'wss://a.example' });
    store.clear();
    expect(store.storage).toBe('none');
    expect(store.get()).toBeNull();
  });

  it('keeps the origin the key was given for, and binds it to another only when told', () => {
    const store = new MemorySecretStore(' run-key-123 ', 'ws://127.0.0.1:8080');
    expect(store.get()).toEqual({ key: 'run-key-123', origin: 'ws://127.0.0.1:8080' });
    store.bindTo('wss://b.example');
    expect(store.get()).toEqual({ key: 'run-key-123', origin: 'wss://b.example' });
    store.get()!.origin = 'wss://evil.example'; // a copy: callers cannot rebind by mutation
    expect(store.get()?.origin).toBe('wss://b.example');
  });

  it('binds a key given without an origin to none', () => {
    expect(new MemorySecretStore('key-without-origin').get()).toEqual({ key: 'key-without-origin', origin: null });
    const empty = new MemorySecretStore(null, 'wss://a.example');
    empty.bindTo('wss://b.example');
    expect(empty.get()).toBeNull();
  });
});
