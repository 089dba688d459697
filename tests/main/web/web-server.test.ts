import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request as httpRequest } from 'node:http';
import { mkdtemp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startWebMode, type WebMode } from '../../../src/main/web/web-server';
import { createFakeCore, type FakeCore } from '../../support/fake-core';
import { connect } from '../../support/ws-test-client';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function get(port: number, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, method, headers: { host: `127.0.0.1:${port}`, ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

let root: string;
let web: WebMode;
let core: FakeCore;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'va-web-'));
  const staticDir = join(root, 'renderer');
  await mkdir(join(staticDir, 'assets'), { recursive: true });
  await writeFile(join(staticDir, 'index.html'), '<!doctype html><title>app</title><div id="app"></div>');
  await writeFile(join(staticDir, 'quick.html'), '<!doctype html><title>quick</title><div id="app" data-page="quick"></div>');
  await writeFile(join(staticDir, 'assets', 'app.js'), 'console.log("app")');
  await writeFile(join(staticDir, 'assets', 'app.css'), 'body{}');
  await writeFile(join(root, 'secret.js'), 'SECRET-OUTSIDE');
  await symlink(join(root, 'secret.js'), join(staticDir, 'assets', 'link.js'));
  core = createFakeCore();
  web = await startWebMode({ core, staticDir, port: 0 });
});

afterAll(async () => {
  await web.close();
  await rm(root, { recursive: true, force: true });
});

describe('web mode page', () => {
  it('prints a loopback URL with a long random token', () => {
    expect(web.url).toBe(`http://127.0.0.1:${web.port}/?token=${web.token}`);
    expect(web.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('refuses the page without the token, or with a wrong one', async () => {
    for (const path of ['/', '/index.html', '/?token=', `/?token=${web.token.slice(0, -1)}x`, `/?token=${web.token}x`]) {
      const res = await get(web.port, path);
      expect(res.status, path).toBe(403);
      expect(res.body).not.toContain('id="app"');
      expect(res.body).not.toContain(web.token);
    }
  });

  it('serves the page with the token and strict headers', async () => {
    const res = await get(web.port, `/?token=${web.token}`);
    expect(res.status).toBe(200);
    expect(res.body).toContain('id="app"');
    expect(res.headers['content-type']).toContain('text/html');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:${web.port}`);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('accepts localhost as the host name too', async () => {
    const res = await get(web.port, `/?token=${web.token}`, { host: `localhost:${web.port}` });
    expect(res.status).toBe(200);
    expect(String(res.headers['content-security-policy'])).toContain(`ws://localhost:${web.port}`);
  });

  it('refuses a foreign Host (DNS rebinding) even with the token', async () => {
    for (const host of [`evil.example:${web.port}`, '127.0.0.1', `127.0.0.1:${web.port + 1}`, `localhost.evil.example:${web.port}`]) {
      const res = await get(web.port, `/?token=${web.token}`, { host });
      expect(res.status, host).toBe(403);
      expect(res.body).not.toContain('id="app"');
    }
    const asset = await get(web.port, '/assets/app.js', { host: `evil.example:${web.port}` });
    expect(asset.status).toBe(403);
  });

  it('refuses a foreign Origin and accepts its own', async () => {
    const foreign = await get(web.port, `/?token=${web.token}`, { origin: 'http://evil.example' });
    expect(foreign.status).toBe(403);
    const otherPort = await get(web.port, `/?token=${web.token}`, { origin: `http://127.0.0.1:${web.port + 1}` });
    expect(otherPort.status).toBe(403);
    const own = await get(web.port, `/?token=${web.token}`, { origin: `http://127.0.0.1:${web.port}` });
    expect(own.status).toBe(200);
  });

  it('only answers GET and HEAD', async () => {
    const res = await get(web.port, `/?token=${web.token}`, {}, 'POST');
    expect(res.status).toBe(405);
    const head = await get(web.port, `/?token=${web.token}`, {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
  });
});

describe('web mode quick-ask page', () => {
  const QUICK = ['/quick', '/quick.html'];

  it('refuses it without the token, or with a wrong one, as it refuses the main page', async () => {
    for (const page of QUICK) {
      for (const query of ['', '?token=', `?token=${web.token.slice(0, -1)}x`, `?token=${web.token}x`]) {
        const res = await get(web.port, `${page}${query}`);
        expect(res.status, `${page}${query}`).toBe(403);
        expect(res.body).not.toContain('data-page="quick"');
        expect(res.body).not.toContain(web.token);
      }
    }
  });

  it('serves it with the token and the same headers as the main page', async () => {
    const main = await get(web.port, `/?token=${web.token}`);
    for (const page of QUICK) {
      const res = await get(web.port, `${page}?token=${web.token}`);
      expect(res.status, page).toBe(200);
      expect(res.body).toContain('data-page="quick"');
      for (const name of ['content-type', 'content-security-policy', 'x-content-type-options', 'referrer-policy', 'cache-control', 'x-frame-options', 'cross-origin-opener-policy', 'cross-origin-resource-policy']) {
        expect(res.headers[name], `${page} ${name}`).toBe(main.headers[name]);
      }
      expect(String(res.headers['content-security-policy'])).toContain(`connect-src 'self' ws://127.0.0.1:${web.port}`);
    }
  });

  it('refuses a foreign Host or Origin even with the token, and answers HEAD', async () => {
    const rebound = await get(web.port, `/quick?token=${web.token}`, { host: `evil.example:${web.port}` });
    expect(rebound.status).toBe(403);
    const foreign = await get(web.port, `/quick?token=${web.token}`, { origin: 'http://evil.example' });
    expect(foreign.status).toBe(403);
    expect(foreign.body).not.toContain('data-page="quick"');
    const head = await get(web.port, `/quick?token=${web.token}`, {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
  });

  it('says the page is not built when the build has no quick.html', async () => {
    const oldBuild = join(root, 'old-build');
    await mkdir(oldBuild, { recursive: true });
    await writeFile(join(oldBuild, 'index.html'), '<!doctype html><title>app</title>');
    const old = await startWebMode({ core: createFakeCore(), staticDir: oldBuild });
    try {
      const res = await get(old.port, `/quick?token=${old.token}`);
      expect(res.status).toBe(404);
      expect(res.body).toContain('npm run build');
      expect(res.headers['content-security-policy']).toBeDefined();
      expect((await get(old.port, '/quick')).status).toBe(403);
    } finally {
      await old.close();
    }
  });
});

describe('web mode static assets', () => {
  it('serves built assets without the token, with their types', async () => {
    const js = await get(web.port, '/assets/app.js');
    expect(js.status).toBe(200);
    expect(js.body).toBe('console.log("app")');
    expect(js.headers['content-type']).toContain('text/javascript');
    expect(js.headers['x-content-type-options']).toBe('nosniff');
    const css = await get(web.port, '/assets/app.css?v=1');
    expect(css.headers['content-type']).toContain('text/css');
  });

  it('never serves anything outside the renderer folder', async () => {
    const attempts = [
      '/../secret.js',
      '/assets/../../secret.js',
      '/%2e%2e/secret.js',
      '/assets/%2e%2e/%2e%2e/secret.js',
      '/assets/..%2f..%2fsecret.js',
      '/assets/..%5c..%5csecret.js',
      '/assets/link.js',
      '/assets/app.js%00.js',
      '/%E0%A4%A.js',
      `/${join(root, 'secret.js')}`,
    ];
    for (const path of attempts) {
      const res = await get(web.port, path);
      expect(res.status, path).toBeGreaterThanOrEqual(400);
      expect(res.body, path).not.toContain('SECRET-OUTSIDE');
    }
  });

  it('answers unknown paths with 404', async () => {
    expect((await get(web.port, '/assets/missing.js')).status).toBe(404);
    expect((await get(web.port, '/assets')).status).toBe(404);
  });
});

describe('web mode /ipc upgrade', () => {
  const ipc = (token?: string): string => `ws://127.0.0.1:${web.port}/ipc${token === undefined ? '' : `?token=${encodeURIComponent(token)}`}`;

  it('refuses the socket without the token, or with a wrong one, with HTTP 401', async () => {
    const listenersBefore = core.listenerCount();
    for (const token of [undefined, '', 'nope', web.token.toUpperCase() === web.token ? `${web.token}x` : web.token.toUpperCase()]) {
      const outcome = await connect(ipc(token));
      expect(outcome.opened).toBe(false);
      if (!outcome.opened) expect(outcome.status).toBe(401);
    }
    expect(core.listenerCount()).toBe(listenersBefore);
  });

  it('refuses a foreign Origin or Host with 403 even with the token', async () => {
    const origin = await connect(ipc(web.token), { origin: 'http://evil.example' });
    expect(origin).toEqual({ opened: false, status: 403 });
    const host = await connect(ipc(web.token), { host: `rebound.example:${web.port}` });
    expect(host).toEqual({ opened: false, status: 403 });
  });

  it('refuses other socket paths', async () => {
    const outcome = await connect(`ws://127.0.0.1:${web.port}/other?token=${web.token}`);
    expect(outcome).toEqual({ opened: false, status: 404 });
  });

  it('opens with the token and the page origin, and speaks the contract', async () => {
    const outcome = await connect(ipc(web.token), { origin: `http://127.0.0.1:${web.port}` });
    expect(outcome.opened).toBe(true);
    if (!outcome.opened) return;
    const reply = await outcome.client.request('getStatus');
    expect(reply.result).toMatchObject({ ok: true, value: { connection: 'idle' } });
    outcome.client.ws.close();
    await outcome.client.closed;
  });

  it('caps the number of simultaneous pages', async () => {
    const small = await startWebMode({ core: createFakeCore(), staticDir: join(root, 'renderer'), maxConnections: 2 });
    try {
      const url = `ws://127.0.0.1:${small.port}/ipc?token=${small.token}`;
      const first = await connect(url);
      const second = await connect(url);
      const third = await connect(url);
      expect([first.opened, second.opened, third.opened]).toEqual([true, true, false]);
      if (!third.opened) expect(third.status).toBe(503);
    } finally {
      await small.close();
    }
  });
});
