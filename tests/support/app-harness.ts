// The real app core for tests of the composition layer: settings in memory, no key (or a key for a given
// simulator), a fake audio engine, and the simulator (over loopback) as the offline demo's server. Each
// harness is closed by closeAllApps().
import { createAppCore, type AppCore } from '../../src/main/app/core';
import type { LocalServer } from '../../src/main/app/session-supervisor';
import type { HistoryStore } from '../../src/main/history/history-store';
import { MemorySecretStore, type SecretStore } from '../../src/main/settings/secret-store';
import { SettingsService } from '../../src/main/settings/settings-service';
import type { EventName, RequestName } from '../../src/shared/ipc/contract';
import { dispatchRequest } from '../../src/shared/ipc/envelope';
import { originOf } from '../../src/shared/endpoint-origin';
import { startSimulator, type RunningSimulator } from '../../src/sim/index';
import { FakeAudio } from './fake-audio';
import { waitUntil } from './wait';

export interface AppHarness {
  core: AppCore;
  settings: SettingsService;
  audio: FakeAudio;
  /** Every demo server the core started, oldest first. */
  servers: RunningSimulator[];
  events: { name: EventName; payload: unknown }[];
  /** The test's own client of the core, as a page would have. */
  client: ReturnType<AppCore['connect']>;
  /** A request as a transport sends it; rejects with the failure's message. */
  request(name: RequestName, payload?: unknown, client?: ReturnType<AppCore['connect']>): Promise<unknown>;
  connection(): string;
}

const open: AppHarness[] = [];

export interface AppParts {
  settings?: SettingsService;
  secrets?: SecretStore;
  startupNotices?: string[];
  startAtLogin?: (enabled: boolean) => string | null;
  history?: HistoryStore | null;
}

export async function startApp(parts: AppParts = {}): Promise<AppHarness> {
  const settings = parts.settings ?? new SettingsService({ store: {} });
  const audio = new FakeAudio();
  const servers: RunningSimulator[] = [];
  const startLocalServer = async (): Promise<LocalServer> => {
    const sim = await startSimulator({ port: 0, pace: 0 });
    servers.push(sim);
    return sim;
  };
  const secrets = parts.secrets ?? new MemorySecretStore(null);
  const core = await createAppCore({ settings, secrets, audio, startLocalServer, startupNotices: parts.startupNotices, startAtLogin: parts.startAtLogin, history: parts.history });
  const events: AppHarness['events'] = [];
  core.onEvent((name, payload) => events.push({ name, payload }));
  const client = core.connect('test');
  const h: AppHarness = {
    core,
    settings,
    audio,
    servers,
    events,
    client,
    async request(name, payload, from = client) {
      const result = await dispatchRequest(core.handlers, name, payload, from);
      if (!result.ok) throw new Error(result.error.message);
      return result.value;
    },
    connection: () => (core.handlers.getStatus(undefined, client) as { connection: string }).connection,
  };
  open.push(h);
  return h;
}

/** A core running the offline demo, its session open. */
export async function startDemoApp(parts: AppParts = {}): Promise<AppHarness> {
  const h = await startApp(parts);
  await h.request('startOfflineDemo');
  await waitUntil(() => h.connection() === 'open', 10_000, 'the demo session to open');
  return h;
}

/** A core whose endpoint is `sim` (which the caller closes), with `key` given for it, its session open. */
export async function startAppOn(sim: RunningSimulator, key: string): Promise<AppHarness> {
  const settings = new SettingsService({ store: {} });
  settings.update({ endpoint: sim.url });
  const h = await startApp({ settings, secrets: new MemorySecretStore(key, originOf(sim.url)) });
  await waitUntil(() => h.connection() === 'open', 10_000, 'the session to open');
  return h;
}

export async function closeAllApps(): Promise<void> {
  for (const h of open.splice(0)) {
    await h.core.close();
    for (const s of h.servers) await s.close();
  }
}
