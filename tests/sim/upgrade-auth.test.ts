import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { findKey, keyMatches, redactHeaders, selectProtocol, wantsBeta } from '../../src/sim/upgrade-auth';

function req(headers: Record<string, string>): IncomingMessage {
  return { headers } as unknown as IncomingMessage;
}

describe('upgrade-auth', () => {
  it('prefers bearer, then subprotocol, then query', () => {
    const url = new URL('http://h/v1/realtime?api_key=q');
    expect(findKey(req({ authorization: 'Bearer b', 'sec-websocket-protocol': 'realtime, openai-insecure-api-key.s' }), url)).toEqual({ auth: 'bearer', key: 'b' });
    expect(findKey(req({ 'sec-websocket-protocol': 'realtime, openai-insecure-api-key.s' }), url)).toEqual({ auth: 'subprotocol', key: 's' });
    expect(findKey(req({}), url)).toEqual({ auth: 'query', key: 'q' });
    expect(findKey(req({}), new URL('http://h/v1/realtime'))).toEqual({ auth: 'none', key: null });
  });

  it('compares keys exactly', () => {
    expect(keyMatches('abc', 'abc')).toBe(true);
    expect(keyMatches('abcd', 'abc')).toBe(false);
    expect(keyMatches(null, 'abc')).toBe(false);
  });

  it('never selects the key subprotocol', () => {
    expect(selectProtocol(new Set(['openai-insecure-api-key.k', 'realtime']))).toBe('realtime');
    expect(selectProtocol(new Set(['openai-insecure-api-key.k', 'x']))).toBe('x');
    expect(selectProtocol(new Set(['openai-insecure-api-key.k']))).toBe(false);
  });

  it('redacts every place a key can be', () => {
    const h = redactHeaders({ authorization: 'Bearer secret', 'api-key': 'secret', 'sec-websocket-protocol': 'realtime, openai-insecure-api-key.secret', host: 'h' });
    expect(JSON.stringify(h)).not.toContain('secret');
    expect(h.host).toBe('h');
    expect(h['sec-websocket-protocol']).toBe('realtime, openai-insecure-api-key.[redacted]');
  });

  it('detects beta clients by header or subprotocol', () => {
    expect(wantsBeta(req({ 'openai-beta': 'realtime=v1' }))).toBe(true);
    expect(wantsBeta(req({ 'sec-websocket-protocol': 'realtime, openai-beta.realtime-v1' }))).toBe(true);
    expect(wantsBeta(req({}))).toBe(false);
  });
});
