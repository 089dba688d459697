// The key given on web mode's command line is for that run's endpoint: it connects there at once.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startWebApp, type WebApp } from '../../../src/main/web/web-app';
import { startSimulator } from '../../../src/sim/index';
import { FakeAudio } from '../../support/fake-audio';
import { waitUntil } from '../../support/wait';

const KEY = 'sk-web-run-key-123456';
const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const close of cleanup.splice(0).reverse()) await close();
});

describe('startWebApp', () => {
  it('binds a command-line key to the run endpoint and connects with it', async () => {
    const sim = await startSimulator({ port: 0, pace: 0, requireKey: KEY });
    cleanup.push(() => sim.close());
    const dir = await mkdtemp(join(tmpdir(), 'web-app-'));
    cleanup.push(() => rm(dir, { recursive: true, force: true }));
    await writeFile(join(dir, 'index.html'), '<!doctype html>');
    const app: WebApp = await startWebApp({ port: 0, dataDir: dir, staticDir: dir, apiKey: KEY, overlay: { endpoint: sim.url }, audio: new FakeAudio() });
    cleanup.push(() => app.close());
    const client = app.core.connect('test');
    const status = () => app.core.handlers.getStatus(undefined, client) as { connection: string };
    await waitUntil(() => status().connection === 'open', 5000, 'the session');
    expect(sim.connections()).toHaveLength(1);
  });
});
