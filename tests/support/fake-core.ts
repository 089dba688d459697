// A stand-in for the app core with just enough behaviour to exercise the web transport: the real core
// is used by the renderer end-to-end tests.
import { REQUEST_NAMES, type EventName } from '../../src/shared/ipc/contract';
import type { Handlers } from '../../src/shared/ipc/envelope';
import { DEFAULT_SETTINGS } from '../../src/shared/settings';
import type { WebModeCore } from '../../src/main/web/transport';

export interface FakeCore extends WebModeCore {
  emit(name: EventName | string, payload: unknown): void;
  listenerCount(): number;
  /** Every (name, input) a handler received, after validation. */
  calls: { name: string; input: unknown }[];
}

export function createFakeCore(overrides: Partial<Handlers> = {}): FakeCore {
  const listeners = new Set<(name: EventName, payload: unknown) => void>();
  const calls: FakeCore['calls'] = [];
  const base: Record<string, (input: unknown) => unknown> = {};
  for (const name of REQUEST_NAMES) {
    base[name] = () => {
      throw new Error(`${name} is not implemented by the fake core`);
    };
  }
  const defaults: Partial<Handlers> = {
    getSettings: () => DEFAULT_SETTINGS,
    getStatus: () => ({ connection: 'idle', activity: 'idle', mode: 'ptt', dialect: null, offlineDemo: false, hasKey: false }),
    sendText: () => ({ ok: true }),
  };
  const handlers: Record<string, (input: unknown) => unknown> = {};
  for (const [name, fn] of Object.entries({ ...base, ...defaults, ...overrides })) {
    handlers[name] = (input: unknown) => {
      calls.push({ name, input });
      return (fn as (input: unknown) => unknown)(input);
    };
  }
  return {
    handlers: handlers as unknown as Handlers,
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    emit(name, payload) {
      for (const listener of listeners) listener(name as EventName, payload);
    },
    listenerCount: () => listeners.size,
    calls,
  };
}
