// The app:// scheme that serves the packaged page, against a temporary renderer folder: only that
// folder's files, each with the CSP and its own type; the CSP header agrees with the page's meta tag.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CustomScheme, Protocol } from 'electron';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_PAGE_URL, QUICK_PAGE_URL, RENDERER_CSP, appProtocolHandler, registerAppScheme, serveAppProtocol } from '../../../src/main/shell/app-protocol';

let base: string;
let serve: (request: Request) => Promise<Response>;
const SECRET = 'outside the renderer folder';

beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'app-protocol-'));
  const root = join(base, 'renderer');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>app</title>');
  writeFileSync(join(root, 'quick.html'), '<!doctype html><title>quick</title>');
  writeFileSync(join(root, 'assets', 'index.js'), 'export {};');
  writeFileSync(join(root, 'assets', 'index.css'), 'body {}');
  writeFileSync(join(root, 'assets', 'notes.txt'), 'not a type the renderer ships');
  writeFileSync(join(root, '.env'), SECRET);
  writeFileSync(join(base, 'secret.html'), SECRET);
  symlinkSync(join(base, 'secret.html'), join(root, 'escape.html'));
  serve = appProtocolHandler(root);
});

afterAll(() => rmSync(base, { recursive: true, force: true }));

const get = (url: string, method = 'GET'): Promise<Response> => serve(new Request(url, { method }));

describe('app:// handler', () => {
  it('serves the app page with the CSP, its type and nosniff', async () => {
    const res = await get(APP_PAGE_URL);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toBe(RENDERER_CSP);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await res.text()).toContain('<title>app</title>');
  });

  it('serves the quick-ask page the same way, from the same folder', async () => {
    expect(new URL(QUICK_PAGE_URL).origin).toBe(new URL(APP_PAGE_URL).origin);
    const res = await get(QUICK_PAGE_URL);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toBe(RENDERER_CSP);
    expect(await res.text()).toContain('<title>quick</title>');
  });

  it.each([
    ['assets/index.js', 'text/javascript; charset=utf-8'],
    ['assets/index.css', 'text/css; charset=utf-8'],
  ])('serves %s as %s, with the CSP', async (path, type) => {
    const res = await get(new URL(path, APP_PAGE_URL).href);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(type);
    expect(res.headers.get('content-security-policy')).toBe(RENDERER_CSP);
  });

  it.each([
    '/../secret.html',
    '/%2e%2e/secret.html',
    '/assets/..%2f..%2fsecret.html',
    '/..%5csecret.html',
    '/%2e%2e%2fsecret.html',
    '/escape.html',
    '/.env',
  ])('refuses %s, which would leave the folder or read a hidden file', async (path) => {
    const res = await get(`app://renderer${path}`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-security-policy')).toBe(RENDERER_CSP);
    expect(await res.text()).not.toContain(SECRET);
  });

  it.each(['app://renderer/missing.js', 'app://renderer/', 'app://renderer/assets', 'app://renderer/assets/notes.txt', 'app://elsewhere/index.html'])(
    'answers 404 for %s',
    async (url) => {
      expect((await get(url)).status).toBe(404);
    },
  );

  it('serves reads only', async () => {
    expect((await get(APP_PAGE_URL, 'POST')).status).toBe(405);
  });
});

describe('app:// registration', () => {
  it('registers app as a standard, secure scheme and handles it', () => {
    const registered: CustomScheme[] = [];
    const handled: string[] = [];
    const protocol = {
      registerSchemesAsPrivileged: (schemes: CustomScheme[]) => registered.push(...schemes),
      handle: (scheme: string) => handled.push(scheme),
    } as unknown as Protocol;
    registerAppScheme(protocol);
    serveAppProtocol(protocol, base);
    expect(registered).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
    expect(handled).toEqual(['app']);
    expect(new URL(APP_PAGE_URL).protocol).toBe('app:');
  });
});

describe('the CSP header and the page meta tag', () => {
  const directives = (csp: string): Map<string, string> =>
    new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map(([name, ...values]) => [name!, values.join(' ')]));

  it.each(['index.html', 'quick.html'])('agree for %s, the header adding only what a meta tag cannot say and closing connections', (file) => {
    const html = readFileSync(join(import.meta.dirname, '../../../src/renderer', file), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    expect(meta).toBeDefined();
    const page = directives(meta!);
    const header = directives(RENDERER_CSP);
    // The meta tag allows 'self' for web mode's socket; the Electron page connects nowhere.
    expect(page.get('connect-src')).toBe("'self'");
    expect(header.get('connect-src')).toBe("'none'");
    // frame-ancestors is ignored in a meta tag.
    expect(header.get('frame-ancestors')).toBe("'none'");
    page.delete('connect-src');
    header.delete('connect-src');
    header.delete('frame-ancestors');
    expect(header).toEqual(page);
  });
});
