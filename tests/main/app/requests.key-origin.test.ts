// Web mode's path through the contract: a key given on the command line is for that run's endpoint; after
// the endpoint changes, neither the session nor the model list uses it until the key is given again.
import { afterEach, describe, expect, it } from 'vitest';
import { createAppCore, type AppCore } from '../../../src/main/app/core';
import { MemorySecretStore } from '../../../src/main/settings/secret-store';
import { SettingsService } from '../../../src/main/settings/settings-service';
import { originOf } from '../../../src/shared/endpoint-origin';
import { dispatchRequest } from '../../../src/shared/ipc/envelope';
import type { RequestName } from '../../../src/shared/ipc/contract';
import { startSimulator, type RunningSimulator } from '../../../src/sim/index';
import { FakeAudio } from '../../support/fake-audio';
import { waitUntil } from '../../support/wait';

const KEY = 'sk-requests-origin-key-123456';
const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const close of cleanup.splice(0).reverse()) await close();
});

async function sim(): Promise<RunningSimulator> {
  const server = await startSimulator({ port: 0, pace: 0, requireKey: KEY });
  cleanup.push(() => server.close());
  return server;
}

async function start(endpoint: string) {
  const settings = new SettingsService({ store: { endpoint } });
  const secrets = new MemorySecretStore(KEY, originOf(endpoint));
  const core: AppCore = await createAppCore({ settings, secrets, audio: new FakeAudio() });
  cleanup.push(() => core.close());
  const events: { name: string; payload: unknown }[] = [];
  core.onEvent((name, payload) => events.push({ name, payload }));
  const client = core.connect('test');
  const request = (name: RequestName, payload?: unknown) => dispatchRequest(core.handlers, name, payload, client);
  const connection = () => core.handlers.getStatus(undefined, client) as { connection: string };
  return { secrets, events, request, connection };
}

describe('the key and the endpoint it was given for, through the contract', () => {
  it('refuses a new origin until setApiKey gives the key again', async () => {
    const [a, b] = [await sim(), await sim()];
    const app = await start(a.url);
    await waitUntil(() => app.connection().connection === 'open', 5000, 'the first session');

    expect((await app.request('updateSettings', { endpoint: b.url })).ok).toBe(true);
    await waitUntil(() => app.events.some((e) => e.name === 'error'), 5000, 'the refusal');
    const refusal = app.events.find((e) => e.name === 'error')?.payload;
    expect(refusal).toMatchObject({ kind: 'key-origin', message: expect.stringContaining(`the API key was given for 127.0.0.1:${a.port}`) });
    expect(app.connection().connection).toBe('idle');

    const models = await app.request('listModels');
    expect(models).toEqual({ ok: true, value: { models: [], error: expect.stringContaining(`not 127.0.0.1:${b.port}`) } });
    expect(b.connections()).toEqual([]);

    expect((await app.request('setApiKey', { key: KEY })).ok).toBe(true);
    expect(app.secrets.get()?.origin).toBe(originOf(b.url));
    await waitUntil(() => app.connection().connection === 'open', 5000, 'the session on the new endpoint');
    expect(b.connections()).toHaveLength(1);
    expect(JSON.stringify(app.events)).not.toContain(KEY);
  });

  it('refuses a plain ws:// endpoint to another machine', async () => {
    const a = await sim();
    const app = await start(a.url);
    const refused = await app.request('updateSettings', { endpoint: 'ws://192.168.1.5:8080/v1/realtime' });
    expect(refused.ok).toBe(false);
    expect(JSON.stringify(refused)).toMatch(/only for a server on this computer/);
  });
});
