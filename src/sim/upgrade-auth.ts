// Reading the handshake: where the key came from, which subprotocol to select, which dialect the
// client asked for, and a copy of the headers that is safe to keep (no key in it).
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { SimulatorConnectionInfo } from './types';

const KEY_PROTOCOL = 'openai-insecure-api-key.';
const BETA_PROTOCOL = 'openai-beta.realtime-v1';
const REDACTED = '[redacted]';

export interface FoundKey {
  auth: SimulatorConnectionInfo['auth'];
  key: string | null;
}

export function offeredProtocols(req: IncomingMessage): string[] {
  const header = req.headers['sec-websocket-protocol'];
  if (!header) return [];
  return header.split(',').map((p) => p.trim()).filter(Boolean);
}

/** The key, by the order of preference the service documents: bearer header, subprotocol, query. */
export function findKey(req: IncomingMessage, url: URL): FoundKey {
  const authorization = req.headers.authorization;
  const bearer = authorization?.match(/^Bearer\s+(.+)$/i)?.[1];
  if (bearer) return { auth: 'bearer', key: bearer.trim() };
  const fromProtocol = offeredProtocols(req).find((p) => p.startsWith(KEY_PROTOCOL));
  if (fromProtocol) return { auth: 'subprotocol', key: fromProtocol.slice(KEY_PROTOCOL.length) };
  const fromQuery = url.searchParams.get('api_key');
  if (fromQuery) return { auth: 'query', key: fromQuery };
  return { auth: 'none', key: null };
}

export function keyMatches(found: string | null, required: string): boolean {
  if (found === null) return false;
  const a = Buffer.from(found);
  const b = Buffer.from(required);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** `realtime` when offered, else the first offer that is not the key; never echo the key back. */
export function selectProtocol(protocols: Set<string>): string | false {
  if (protocols.has('realtime')) return 'realtime';
  for (const p of protocols) if (!p.startsWith(KEY_PROTOCOL)) return p;
  return false;
}

export function wantsBeta(req: IncomingMessage): boolean {
  const header = req.headers['openai-beta'];
  const values = Array.isArray(header) ? header : header ? [header] : [];
  return values.some((v) => v.includes('realtime=v1')) || offeredProtocols(req).includes(BETA_PROTOCOL);
}

export function redactHeaders(headers: IncomingMessage['headers']): SimulatorConnectionInfo['headers'] {
  const copy: SimulatorConnectionInfo['headers'] = { ...headers };
  if (copy.authorization !== undefined) {
    const scheme = String(copy.authorization).split(/\s+/)[0] ?? '';
    copy.authorization = scheme && scheme !== copy.authorization ? `${scheme} ${REDACTED}` : REDACTED;
  }
  if (copy['api-key'] !== undefined) copy['api-key'] = REDACTED;
  const protocols = copy['sec-websocket-protocol'];
  if (typeof protocols === 'string') {
    copy['sec-websocket-protocol'] = protocols
      .split(',')
      .map((p) => (p.trim().startsWith(KEY_PROTOCOL) ? `${KEY_PROTOCOL}${REDACTED}` : p.trim()))
      .join(', ');
  }
  return copy;
}
