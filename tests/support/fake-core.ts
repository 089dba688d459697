// A stand-in for the app core with just enough behaviour to exercise the transports: the real core is
// used by tests/main/app and the renderer end-to-end tests.
import { REQUEST_NAMES, type EventName } from '../../src/shared/ipc/contract';
import { DEFAULT_SETTINGS } from '../../src/shared/settings';
import type { ClientContext } from '../../src/main/app/clients';
import type { CoreHandlers, ServedCore } from '../../src/main/app/context';

export interface FakeCore extends ServedCore {
  emit(name: EventName | string, payload: unknown): void;
  listenerCount(): number;
  /** Every (name, input, client) a handler received, after validation. */
  calls: { name: string; input: unknown; client: ClientContext }[];
  /** Clients connected and not yet disconnected. */
  connected: Set<ClientContext>;
  disconnected: ClientContext[];
}

export function createFakeCore(overrides: Partial<CoreHandlers> = {}): FakeCore {
  const listeners = new Set<(name: EventName, payload: unknown) => void>();
  const calls: FakeCore['calls'] = [];
  const connected = new Set<ClientContext>();
  const disconnected: ClientContext[] = [];
  const base: Record<string, (input: unknown, client: ClientContext) => unknown> = {};
  for (const name of REQUEST_NAMES) {
    base[name] = () => {
      throw new Error(`${name} is not implemented by the fake core`);
    };
  }
  const defaults: Partial<CoreHandlers> = {
    getSettings: () => DEFAULT_SETTINGS,
    getStatus: () => ({ connection: 'idle', activity: 'idle', mode: 'ptt', dialect: null, offlineDemo: false, hasKey: false, micMuted: false, sessionEndsAt: null }),
    sendText: () => ({ ok: true }),
  };
  const handlers: Record<string, (input: unknown, client: ClientContext) => unknown> = {};
  for (const [name, fn] of Object.entries({ ...base, ...defaults, ...overrides })) {
    handlers[name] = (input, client) => {
      calls.push({ name, input, client });
      return (fn as (input: unknown, client: ClientContext) => unknown)(input, client);
    };
  }
  return {
    handlers: handlers as unknown as CoreHandlers,
    connect(label) {
      const client = { label };
      connected.add(client);
      return client;
    },
    async disconnect(client) {
      connected.delete(client);
      disconnected.push(client);
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    emit(name, payload) {
      for (const listener of listeners) listener(name as EventName, payload);
    },
    listenerCount: () => listeners.size,
    calls,
    connected,
    disconnected,
  };
}
