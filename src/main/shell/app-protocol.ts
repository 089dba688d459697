// The packaged app's page comes from app://, not file://: a file:// page has no response headers for
// the header CSP to ride on, and file:// grants privileges a browser page would not have. app://renderer
// is a secure origin of its own, serving only the built renderer's files, each with the CSP.
import { readFile } from 'node:fs/promises';
import type { CustomScheme, Protocol } from 'electron';
import { contentTypeFor, resolveStaticFile } from '../web/static-files';

const APP_SCHEME = 'app';
const APP_HOST = 'renderer';

/** The main window's page in the packaged app; with QUICK_PAGE_URL, the only pages the IPC transport answers. */
export const APP_PAGE_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;
/** The quick-ask popup's page (src/renderer/quick.html, built next to index.html). */
export const QUICK_PAGE_URL = `${APP_SCHEME}://${APP_HOST}/quick.html`;

/**
 * The renderer's CSP as a header. It matches the meta tag in src/renderer/index.html except where a
 * header can say more: no connections at all (the meta tag allows 'self' for web mode's socket) and no
 * framing (frame-ancestors is ignored in a meta tag).
 */
export const RENDERER_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
  "font-src 'self'; connect-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

// standard: relative URLs resolve and the page gets a real origin; secure: treated like https.
export const APP_SCHEME_PRIVILEGES: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true },
};

/** Before the app is ready (Electron reads privileges once, at startup). */
export function registerAppScheme(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
}

/** After the app is ready, on the session the window uses (the default one). */
export function serveAppProtocol(protocol: Pick<Protocol, 'handle'>, rendererDir: string): void {
  protocol.handle(APP_SCHEME, appProtocolHandler(rendererDir));
}

const BASE_HEADERS = { 'Content-Security-Policy': RENDERER_CSP, 'X-Content-Type-Options': 'nosniff' };

function plain(status: number, text: string): Response {
  return new Response(text, { status, headers: { ...BASE_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' } });
}

/**
 * Answers app:// requests from files inside `rendererDir` only: resolveStaticFile refuses `..`, encoded
 * separators, dotfiles and symlinks out, and types the renderer does not ship. The file is read here
 * rather than through net.fetch(file://…), so no file:// request is made on the page's behalf.
 */
export function appProtocolHandler(rendererDir: string): (request: Request) => Promise<Response> {
  return async (request) => {
    const url = new URL(request.url);
    if (url.host !== APP_HOST) return plain(404, 'Not found');
    if (request.method !== 'GET') return plain(405, 'Only GET is served here.');
    const file = await resolveStaticFile(rendererDir, url.pathname);
    const type = file ? contentTypeFor(file) : undefined;
    if (!file || !type) return plain(404, 'Not found');
    try {
      const body = await readFile(file);
      return new Response(new Uint8Array(body), { status: 200, headers: { ...BASE_HEADERS, 'Content-Type': type } });
    } catch {
      return plain(404, 'Not found');
    }
  };
}
