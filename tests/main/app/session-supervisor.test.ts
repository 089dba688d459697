// The key goes only to the origin it is bound to. Two simulators on loopback ports are two origins.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { KeyOriginConfirm, KeyOriginQuestion } from '../../../src/main/app/key-origin';
import { SessionSupervisor } from '../../../src/main/app/session-supervisor';
import { MemorySecretStore } from '../../../src/main/settings/secret-store';
import { SettingsService } from '../../../src/main/settings/settings-service';
import type { UserFacingError } from '../../../src/shared/domain';
import { originOf } from '../../../src/shared/endpoint-origin';
import { startSimulator, type RunningSimulator } from '../../../src/sim/index';

const KEY = 'sk-origin-test-key-123456';
const cleanup: (() => Promise<unknown>)[] = [];

afterEach(async () => {
  await Promise.all(cleanup.splice(0).map((close) => close()));
});

async function sim(): Promise<RunningSimulator> {
  const server = await startSimulator({ port: 0, pace: 0, requireKey: KEY });
  cleanup.push(() => server.close());
  return server;
}

function supervisor(endpoint: string, keyOrigin: string | null, confirm: KeyOriginConfirm | null = null) {
  const settings = new SettingsService({ store: { endpoint } });
  const secrets = new MemorySecretStore(KEY, keyOrigin);
  const sessions = new SessionSupervisor(settings, secrets, null, confirm);
  const errors: UserFacingError[] = [];
  sessions.on('error', (error) => errors.push(error));
  cleanup.push(() => sessions.shutdown());
  return { settings, secrets, sessions, errors };
}

/** A typed stand-in for the native dialog: answers from a list, records what it was asked. */
function standIn(...answers: boolean[]): KeyOriginConfirm & { asked: KeyOriginQuestion[] } {
  const asked: KeyOriginQuestion[] = [];
  return {
    asked,
    confirm: async (question) => {
      asked.push(question);
      return answers.shift() ?? false;
    },
  };
}

const host = (s: RunningSimulator): string => `127.0.0.1:${s.port}`;

describe('SessionSupervisor and the origin the key is bound to', () => {
  it('connects to the bound origin, and not to another until the key is given again', async () => {
    const [a, b] = [await sim(), await sim()];
    const { settings, secrets, sessions, errors } = supervisor(a.url, originOf(a.url));
    await sessions.restart();
    expect(sessions.state).toBe('open');

    settings.update({ endpoint: b.url });
    await sessions.restart();
    expect(sessions.state).toBe('idle');
    expect(sessions.client).toBeNull();
    expect(b.connections()).toEqual([]);
    expect(b.rejectedUpgrades()).toBe(0);
    expect(errors).toEqual([
      {
        kind: 'key-origin',
        message: `The endpoint changed to ${host(b)}; the API key was given for ${host(a)}. Enter the key again to use it there.`,
        action: 'Open Settings and enter the key again, or change the endpoint back.',
      },
    ]);

    // What setApiKey does: the key given again is bound to the endpoint of that moment.
    secrets.set(KEY, originOf(b.url)!);
    await sessions.restart();
    expect(sessions.state).toBe('open');
    expect(b.connections()).toHaveLength(1);
    expect(JSON.stringify(errors)).not.toContain(KEY);
  });

  it('sends the key to a new origin once the user confirms it, and remembers that', async () => {
    const [a, b] = [await sim(), await sim()];
    const confirm = standIn(true);
    const { settings, secrets, sessions, errors } = supervisor(a.url, originOf(a.url), confirm);
    settings.update({ endpoint: b.url });
    await sessions.restart();
    expect(confirm.asked).toEqual([{ from: host(a), to: host(b) }]);
    expect(sessions.state).toBe('open');
    expect(b.connections()).toHaveLength(1);
    expect(secrets.get()?.origin).toBe(originOf(b.url));
    await sessions.restart();
    expect(confirm.asked).toHaveLength(1);
    expect(errors).toEqual([]);
  });

  it('keeps the key when the user declines, and asks again on Reconnect', async () => {
    const [a, b] = [await sim(), await sim()];
    const confirm = standIn(false, true);
    const { settings, sessions, errors } = supervisor(a.url, originOf(a.url), confirm);
    settings.update({ endpoint: b.url });
    await sessions.restart();
    expect(sessions.state).toBe('idle');
    expect(b.connections()).toEqual([]);
    expect(errors.map((e) => [e.kind, e.message, e.action])).toEqual([
      ['key-origin', `The endpoint changed to ${host(b)}; the API key was given for ${host(a)}. Confirm it for the new endpoint (or enter the key again).`, expect.stringMatching(/^Choose Reconnect/)],
    ]);
    await sessions.restart();
    expect(confirm.asked).toHaveLength(2);
    expect(sessions.state).toBe('open');
  });

  it('asks about a key saved without its endpoint before sending it anywhere', async () => {
    const a = await sim();
    const confirm = standIn(false);
    const { sessions, errors } = supervisor(a.url, null, confirm);
    await sessions.restart();
    expect(confirm.asked).toEqual([{ from: null, to: host(a) }]);
    expect(a.connections()).toEqual([]);
    expect(errors[0]?.message).toMatch(/saved without the endpoint/);
  });

  it('asks once while restarts pile up behind the question', async () => {
    const [a, b] = [await sim(), await sim()];
    let answer!: (yes: boolean) => void;
    const asked: KeyOriginQuestion[] = [];
    const confirm: KeyOriginConfirm = {
      confirm: (question) => {
        asked.push(question);
        return new Promise((resolve) => (answer = resolve));
      },
    };
    const { settings, sessions } = supervisor(a.url, originOf(a.url), confirm);
    settings.update({ endpoint: b.url });
    const first = sessions.restart();
    const second = sessions.restart();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(asked).toHaveLength(1);
    answer(true);
    await Promise.all([first, second]);
    expect(sessions.state).toBe('open');
    expect(b.connections()).toHaveLength(1);
  });

  it('does not follow a redirect from the bound origin to another', async () => {
    const b = await sim();
    const upgrades: string[] = [];
    const redirecting: Server = createServer((_req, res) => res.writeHead(404).end());
    redirecting.on('upgrade', (req, socket) => {
      upgrades.push(req.url ?? '');
      socket.end(`HTTP/1.1 302 Found\r\nLocation: ${b.url}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
    });
    await new Promise<void>((resolve) => redirecting.listen(0, '127.0.0.1', resolve));
    cleanup.push(() => new Promise((resolve) => redirecting.close(resolve)));
    const endpoint = `ws://127.0.0.1:${(redirecting.address() as AddressInfo).port}/v1/realtime`;

    const { sessions, errors } = supervisor(endpoint, originOf(endpoint));
    await sessions.restart();
    expect(upgrades).toHaveLength(1);
    expect(sessions.state).not.toBe('open');
    expect(b.connections()).toEqual([]);
    expect(b.rejectedUpgrades()).toBe(0);
    expect(errors.length).toBeGreaterThan(0);
    expect(JSON.stringify(errors)).not.toContain(KEY);
  });
});
