// Turns endpoint + key + auth mode + dialect into what `ws` needs to open the socket. The result
// holds the key: it is handed to `ws` and nowhere else (messages use `endpointLabel`).
import type { DialectSetting } from '../../shared/protocol/events';
import type { AuthMode } from './types';
import { redactSecrets } from './redact';

export interface ConnectTarget {
  url: string;
  headers: Record<string, string>;
  protocols: string[];
}

interface ConnectTargetInput {
  endpoint: string;
  apiKey: string;
  auth: AuthMode;
  /** 'beta' adds the beta marker; 'ga' and 'auto' send none (GA is what a marker-less OpenAI speaks). */
  dialect: DialectSetting;
  model?: string;
}

const BETA_HEADER = { name: 'OpenAI-Beta', value: 'realtime=v1' } as const;
export const BETA_SUBPROTOCOL = 'openai-beta.realtime-v1';
const REALTIME_SUBPROTOCOL = 'realtime';
const KEY_SUBPROTOCOL_PREFIX = 'openai-insecure-api-key.';

export class EndpointError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EndpointError';
  }
}

/**
 * Parses the endpoint, accepting http(s) as a spelling of ws(s) since users paste API base URLs.
 * Throws EndpointError (key-free message) when it is not usable.
 */
export function parseEndpoint(endpoint: string, apiKey = ''): URL {
  let url: URL;
  try {
    url = new URL(endpoint.trim());
  } catch {
    throw new EndpointError(`The endpoint "${redactSecrets(endpoint, apiKey)}" is not a valid URL. Check the endpoint in Settings.`);
  }
  if (url.protocol === 'http:') url.protocol = 'ws:';
  else if (url.protocol === 'https:') url.protocol = 'wss:';
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') {
    throw new EndpointError(`The endpoint must start with wss:// or ws:// (got ${url.protocol}//). Check the endpoint in Settings.`);
  }
  url.hash = '';
  return url;
}

/** host:port for messages; never the path's query, which may hold the key. */
export function endpointLabel(endpoint: string): string {
  try {
    const url = parseEndpoint(endpoint);
    const port = url.port || (url.protocol === 'wss:' ? '443' : '80');
    return `${url.hostname}:${port}`;
  } catch {
    return 'the endpoint';
  }
}

export function buildConnectTarget(input: ConnectTargetInput): ConnectTarget {
  const url = parseEndpoint(input.endpoint, input.apiKey);
  const headers: Record<string, string> = {};
  const protocols: string[] = [];
  const beta = input.dialect === 'beta';

  if (input.model) url.searchParams.set('model', input.model);

  switch (input.auth) {
    case 'query':
      url.searchParams.set('api_key', input.apiKey);
      break;
    case 'bearer':
      headers['Authorization'] = `Bearer ${input.apiKey}`;
      break;
    case 'subprotocol':
      protocols.push(REALTIME_SUBPROTOCOL, `${KEY_SUBPROTOCOL_PREFIX}${input.apiKey}`);
      break;
  }

  if (beta) {
    // Browsers cannot set headers, so the subprotocol flavour carries the marker as a subprotocol too.
    if (input.auth === 'subprotocol') protocols.push(BETA_SUBPROTOCOL);
    else headers[BETA_HEADER.name] = BETA_HEADER.value;
  }

  return { url: url.toString(), headers, protocols };
}
