// Where the API key may go. A key is bound to the origin (scheme, host, port) of the endpoint it was
// given for, so that changing the endpoint alone (a compromised page, a stolen web token) cannot send
// it elsewhere. Plain ws:// carries the key unencrypted, so it is only for a server on this machine.

function parse(endpoint: string): URL | null {
  try {
    return new URL(endpoint.trim());
  } catch {
    return null;
  }
}

/** 127.0.0.0/8, ::1 and localhost. URL has already normalised the host (127.1, 0x7f000001, [0:…:1]). */
export function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

/** Why an endpoint cannot be used, in plain words; null when it can. */
export function endpointProblem(endpoint: string): string | null {
  const url = parse(endpoint);
  if (!url || (url.protocol !== 'wss:' && url.protocol !== 'ws:') || !url.hostname) {
    return 'The endpoint must be a wss:// address, e.g. wss://api.example.com/v1/realtime.';
  }
  if (url.protocol === 'ws:' && !isLoopbackHost(url.hostname)) {
    return 'ws:// is unencrypted and would expose the API key: it is only for a server on this computer (localhost, 127.0.0.1). Use wss:// for any other host.';
  }
  return null;
}

/** The origin a key is bound to, e.g. "wss://api.example.com" (a default port is left out); null for a bad URL. */
export function originOf(endpoint: string): string | null {
  return parse(endpoint)?.origin ?? null;
}

/** The one rule: the key goes only to the origin it is bound to, and never over ws:// off this machine. */
export function keyMayGoTo(boundOrigin: string | null, endpoint: string): boolean {
  if (boundOrigin === null || endpointProblem(endpoint) !== null) return false;
  return originOf(endpoint) === boundOrigin;
}

/**
 * The two places a message names when the key is not sent: hosts, or whole origins when only the
 * scheme differs (the host alone would read as "changed from x to x"). `from` is null when not known.
 */
export function describeOriginChange(boundOrigin: string | null, endpoint: string): { from: string | null; to: string } {
  const from = boundOrigin === null ? null : parse(boundOrigin);
  const to = parse(endpoint);
  if (!to) return { from: boundOrigin, to: endpoint };
  if (!from) return { from: boundOrigin, to: to.host };
  return from.host === to.host ? { from: from.origin, to: to.origin } : { from: from.host, to: to.host };
}
