// Web mode: the built renderer and the IPC contract served on 127.0.0.1, so the real renderer can run in
// a plain browser against the real core. Everything that can drive the assistant (the page and the
// /ipc socket) needs the random token; static assets need only the right Host and Origin.
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { join } from 'node:path';
import { WebSocketServer } from 'ws';
import { serveWebSocket, type WebTransportOptions } from './transport';
import type { ServedCore } from '../app/context';
import { replayStandingError } from '../app/standing-error';
import { createRequestGuard } from './request-guard';
import { securityHeaders } from './security-headers';
import { contentTypeFor, resolveStaticFile } from './static-files';

export interface WebModeOptions {
  core: ServedCore;
  /** 0 or absent picks a free port. */
  port?: number;
  /** The built renderer (electron-vite's out/renderer). */
  staticDir: string;
  /** Largest accepted request frame. Default 256 KiB (a 20,000-character message fits many times over). */
  maxFrameBytes?: number;
  /** Simultaneous page connections. Default 8. */
  maxConnections?: number;
  transport?: WebTransportOptions;
}

export interface WebMode {
  /** The page address including the token: http://127.0.0.1:P/?token=T */
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

/**
 * The pages that can drive the assistant, by path: each needs the token, like the /ipc socket. Listed
 * here, they are never served as plain static files (which need no token).
 */
const PAGES: ReadonlyMap<string, string> = new Map([
  ['/', 'index.html'],
  ['/index.html', 'index.html'],
  // The quick-ask popup.
  ['/quick', 'quick.html'],
  ['/quick.html', 'quick.html'],
]);

const PLAIN_PAGE = (title: string, text: string): string =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head>` +
  `<body style="font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem">` +
  `<h1 style="font-size:1.25rem">${title}</h1><p>${text}</p></body></html>`;

export async function startWebMode(options: WebModeOptions): Promise<WebMode> {
  const token = randomBytes(32).toString('base64url');
  const core = replayStandingError(options.core);
  const maxConnections = options.maxConnections ?? 8;
  const sockets = new Set<Socket>();
  const wss = new WebSocketServer({ noServer: true, maxPayload: options.maxFrameBytes ?? 256 * 1024 });
  // The port is only known after listen; the guard is built then.
  let guard: ReturnType<typeof createRequestGuard> | null = null;

  const server = createServer((req, res) => {
    handleHttp(req, res).catch(() => {
      if (!res.headersSent) sendPlain(res, 500, null, 'Something went wrong', 'The page could not be served.');
      else res.destroy();
    });
  });

  const handleHttp = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (!guard) return sendPlain(res, 503, null, 'Starting', 'Web mode is starting; try again.');
    const site = guard.checkSite(req);
    if (!site.ok) return sendPlain(res, site.status, null, 'Refused', site.reason);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return sendPlain(res, 405, site.host, 'Not allowed', 'Only GET and HEAD are served here.');
    }
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const page = PAGES.get(path);
    if (page) {
      const full = guard.checkAll(req);
      if (!full.ok) {
        return sendPlain(res, 403, site.host, 'Access token needed', 'Open the address that <code>npm run web</code> printed; it includes the access token. Reloading the page drops the token by design: open that address again.');
      }
      // A build from before a page existed has no file for it: say so rather than fail with a 500.
      const html = await readFile(join(options.staticDir, page)).catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return null;
        throw error;
      });
      if (!html) return sendPlain(res, 404, full.host, 'Not built', 'This page is not in the build yet. Run: npm run build');
      res.writeHead(200, { ...securityHeaders(full.host), 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': html.length });
      res.end(req.method === 'HEAD' ? undefined : html);
      return;
    }
    const file = await resolveStaticFile(options.staticDir, path);
    if (!file) return sendPlain(res, 404, site.host, 'Not found', 'There is nothing at this address.');
    res.writeHead(200, { ...securityHeaders(site.host), 'Content-Type': contentTypeFor(file) ?? 'application/octet-stream' });
    if (req.method === 'HEAD') return void res.end();
    const stream = createReadStream(file);
    stream.on('error', () => res.destroy());
    stream.pipe(res);
  };

  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    socket.on('error', () => undefined);
    const refuse = (status: number, text: string): void => {
      socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    if (!guard) return refuse(503, 'Service Unavailable');
    const path = (req.url ?? '').split('?')[0];
    if (path !== '/ipc') return refuse(404, 'Not Found');
    const verdict = guard.checkAll(req);
    if (!verdict.ok) return refuse(verdict.status, verdict.status === 401 ? 'Unauthorized' : 'Forbidden');
    if (wss.clients.size >= maxConnections) return refuse(503, 'Service Unavailable');
    wss.handleUpgrade(req, socket, head, (ws) => {
      serveWebSocket(ws, core, options.transport);
    });
  });

  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  guard = createRequestGuard(port, token);

  let closing: Promise<void> | null = null;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    close() {
      closing ??= (async () => {
        for (const client of wss.clients) client.close(1001, 'web mode is stopping');
        // Give pages a moment to answer the close frame; a page that does not is cut off.
        const allClosed = new Promise<void>((resolve) => wss.close(() => resolve()));
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([allClosed, new Promise<void>((resolve) => (timer = setTimeout(resolve, 1000)))]);
        clearTimeout(timer);
        for (const client of wss.clients) client.terminate();
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        // Keep-alive browser connections would otherwise hold close() open.
        for (const socket of sockets) socket.destroy();
        await closed;
        core.close();
      })();
      return closing;
    },
  };
}

function sendPlain(res: ServerResponse, status: number, host: string | null, title: string, text: string): void {
  const body = PLAIN_PAGE(title, text);
  res.writeHead(status, { ...securityHeaders(host), 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}
