// Who may talk to web mode: only pages served by this server itself (Host and Origin checks defeat DNS
// rebinding and other local pages) holding the random token printed at startup (defeats other local
// processes and pages that guess the port).
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export type GuardVerdict = { ok: true; host: string } | { ok: false; status: 401 | 403; reason: string };

export interface RequestGuard {
  /** Host and Origin only: for static assets, which carry no secrets. */
  checkSite(req: IncomingMessage): GuardVerdict;
  /** Host, Origin and the `token` query parameter: for the page itself and the /ipc socket. */
  checkAll(req: IncomingMessage): GuardVerdict;
}

/** Compares through fixed-length digests so neither content nor length leaks through timing. */
export function tokenMatches(candidate: string, token: string): boolean {
  const a = createHash('sha256').update(candidate, 'utf8').digest();
  const b = createHash('sha256').update(token, 'utf8').digest();
  return timingSafeEqual(a, b);
}

export function createRequestGuard(port: number, token: string): RequestGuard {
  const allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);

  const checkSite = (req: IncomingMessage): GuardVerdict => {
    const host = req.headers.host?.toLowerCase();
    if (!host || !allowedHosts.has(host)) return { ok: false, status: 403, reason: 'This address is not served here.' };
    const origin = req.headers.origin;
    // Browsers send Origin on WebSocket upgrades and cross-origin requests; a same-origin page matches Host.
    if (origin !== undefined && origin.toLowerCase() !== `http://${host}`) {
      return { ok: false, status: 403, reason: 'Requests from other sites are refused.' };
    }
    return { ok: true, host };
  };

  return {
    checkSite,
    checkAll(req) {
      const site = checkSite(req);
      if (!site.ok) return site;
      const candidate = tokenFromUrl(req.url);
      if (candidate === null || !tokenMatches(candidate, token)) {
        return { ok: false, status: 401, reason: 'The access token is missing or wrong.' };
      }
      return site;
    },
  };
}

function tokenFromUrl(url: string | undefined): string | null {
  if (!url) return null;
  try {
    return new URL(url, 'http://placeholder.invalid').searchParams.get('token');
  } catch {
    return null;
  }
}
