// wss:// against the simulator with a certificate made at test time: the `ca` option, and the plain
// words for a certificate the client must not trust.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SessionClient } from '../../../src/main/realtime/session-client';
import { startSimulator } from '../../../src/sim/index';
import type { RunningSimulator } from '../../../src/sim/index';
import { rejectionOf, track } from '../../support/track';
import { nextResponse } from '../../support/turn';

const KEY = 'sk-sim-Tls_Key_443-abc';
let dir = '';

function makeCert(name: string, san: string): { key: string; cert: string } {
  const keyFile = join(dir, `${name}.key.pem`);
  const certFile = join(dir, `${name}.cert.pem`);
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', `/CN=${name}`, '-addext', `subjectAltName=${san}`, '-keyout', keyFile, '-out', certFile],
    { stdio: 'ignore' },
  );
  return { key: readFileSync(keyFile, 'utf8'), cert: readFileSync(certFile, 'utf8') };
}

let good: { key: string; cert: string };
let wrongName: { key: string; cert: string };
const sims: RunningSimulator[] = [];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'realtime-tls-'));
  good = makeCert('127.0.0.1', 'IP:127.0.0.1');
  wrongName = makeCert('elsewhere.test', 'DNS:elsewhere.test');
});

afterAll(async () => {
  await Promise.all(sims.map((s) => s.close()));
  rmSync(dir, { recursive: true, force: true });
});

async function tlsSim(tls: { key: string; cert: string }): Promise<RunningSimulator> {
  const s = await startSimulator({ pace: 0, requireKey: KEY, tls });
  sims.push(s);
  return s;
}

describe('SessionClient over TLS', () => {
  it('connects to a wss:// endpoint whose certificate is given as ca, and runs a turn', async () => {
    const s = await tlsSim(good);
    expect(s.url.startsWith('wss://')).toBe(true);
    const c = new SessionClient({ endpoint: s.url, apiKey: KEY, session: { modalities: ['text'], turn_detection: null }, wsOptions: { ca: good.cert } });
    try {
      await c.connect();
      const done = nextResponse(c);
      c.sendText('secure');
      c.createResponse();
      expect((await done).text).toBe('You said: secure');
    } finally {
      await c.close();
    }
  });

  it.each([
    ['an untrusted (self-signed) certificate', () => good, undefined, 'the certificate is self-signed and not trusted'],
    ['a certificate for another name', () => wrongName, () => wrongName.cert, 'the certificate is for a different host name'],
  ] as const)('refuses %s with one connect error in plain words', async (_what, tls, ca, reason) => {
    const s = await tlsSim(tls());
    const caCert = ca?.();
    const c = new SessionClient({ endpoint: s.url, apiKey: KEY, auth: 'query', ...(caCert ? { wsOptions: { ca: caCert } } : {}) });
    const t = track(c);
    const err = await rejectionOf(c.connect());
    expect(err.kind).toBe('connect');
    expect(err.message).toBe(`Cannot make a secure connection to 127.0.0.1:${s.port} — ${reason}. Check the endpoint in Settings.`);
    expect(t.errors).toEqual([err]);
    expect(s.connections()).toHaveLength(0);
    expect(t.everything()).not.toContain(KEY);
    await c.close();
  });

  it('says so when wss:// is used against a plain ws:// server', async () => {
    const plain = await startSimulator({ pace: 0 });
    sims.push(plain);
    const err = await rejectionOf(new SessionClient({ endpoint: plain.url.replace('ws://', 'wss://'), apiKey: KEY }).connect());
    expect(err.kind).toBe('connect');
    expect(err.message).toMatch(/does not speak TLS on this port/);
  });
});
