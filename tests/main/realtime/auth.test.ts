import { describe, it, expect } from 'vitest';
import {
  BETA_SUBPROTOCOL,
  EndpointError,
  buildConnectTarget,
  endpointLabel,
  parseEndpoint,
} from '../../../src/main/realtime/auth';

const KEY = 'sk-test-Zq81xUnitKey';
const ENDPOINT = 'wss://api.example.test/v1/realtime';

describe('buildConnectTarget', () => {
  it('query mode puts the key in ?api_key= and nothing else', () => {
    const t = buildConnectTarget({ endpoint: ENDPOINT, apiKey: KEY, auth: 'query', dialect: 'auto' });
    const url = new URL(t.url);
    expect(url.origin + url.pathname).toBe(ENDPOINT);
    expect(url.searchParams.get('api_key')).toBe(KEY);
    expect(t.headers).toEqual({});
    expect(t.protocols).toEqual([]);
  });

  it('bearer mode sends an Authorization header and a key-free URL', () => {
    const t = buildConnectTarget({ endpoint: ENDPOINT, apiKey: KEY, auth: 'bearer', dialect: 'auto' });
    expect(t.url).toBe(ENDPOINT);
    expect(t.headers).toEqual({ Authorization: `Bearer ${KEY}` });
    expect(t.protocols).toEqual([]);
  });

  it('subprotocol mode offers realtime + the insecure-key subprotocol', () => {
    const t = buildConnectTarget({ endpoint: ENDPOINT, apiKey: KEY, auth: 'subprotocol', dialect: 'auto' });
    expect(t.url).toBe(ENDPOINT);
    expect(t.headers).toEqual({});
    expect(t.protocols).toEqual(['realtime', `openai-insecure-api-key.${KEY}`]);
  });

  it('adds ?model= when a model is set, keeping the key parameter separate', () => {
    const t = buildConnectTarget({ endpoint: ENDPOINT, apiKey: KEY, auth: 'query', dialect: 'auto', model: 'vendor/model x' });
    const url = new URL(t.url);
    expect(url.searchParams.get('model')).toBe('vendor/model x');
    expect(url.searchParams.get('api_key')).toBe(KEY);
  });

  it('beta dialect adds the OpenAI-Beta header in header modes', () => {
    for (const auth of ['query', 'bearer'] as const) {
      const t = buildConnectTarget({ endpoint: ENDPOINT, apiKey: KEY, auth, dialect: 'beta' });
      expect(t.headers['OpenAI-Beta']).toBe('realtime=v1');
      expect(t.protocols).not.toContain(BETA_SUBPROTOCOL);
    }
  });

  it('beta dialect in subprotocol mode uses the beta subprotocol instead of a header', () => {
    const t = buildConnectTarget({ endpoint: ENDPOINT, apiKey: KEY, auth: 'subprotocol', dialect: 'beta' });
    expect(t.protocols).toEqual(['realtime', `openai-insecure-api-key.${KEY}`, BETA_SUBPROTOCOL]);
    expect(t.headers).toEqual({});
  });

  it('ga and auto send no beta marker at all', () => {
    for (const dialect of ['ga', 'auto'] as const) {
      for (const auth of ['query', 'bearer', 'subprotocol'] as const) {
        const t = buildConnectTarget({ endpoint: ENDPOINT, apiKey: KEY, auth, dialect });
        expect(t.headers['OpenAI-Beta']).toBeUndefined();
        expect(t.protocols).not.toContain(BETA_SUBPROTOCOL);
      }
    }
  });

  it('url-encodes a key with reserved characters in query mode', () => {
    const odd = 'k&y=1 +/?';
    const t = buildConnectTarget({ endpoint: ENDPOINT, apiKey: odd, auth: 'query', dialect: 'auto' });
    expect(new URL(t.url).searchParams.get('api_key')).toBe(odd);
    expect(new URL(t.url).searchParams.get('y')).toBeNull();
  });
});

describe('parseEndpoint / endpointLabel', () => {
  it('maps http(s) to ws(s) and drops a fragment', () => {
    expect(parseEndpoint('https://h.test/v1/realtime#x').toString()).toBe('wss://h.test/v1/realtime');
    expect(parseEndpoint('http://127.0.0.1:9/v1/realtime').protocol).toBe('ws:');
  });

  it('rejects garbage and other schemes with a key-free EndpointError', () => {
    expect(() => parseEndpoint('not a url ' + KEY, KEY)).toThrow(EndpointError);
    let message = '';
    try {
      parseEndpoint(`::${KEY}`, KEY);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/not a valid URL/);
    expect(message).not.toContain(KEY);
    expect(() => parseEndpoint('ftp://h.test/x')).toThrow(/wss:\/\//);
  });

  it('labels an endpoint as host:port only, even with a key in the query', () => {
    expect(endpointLabel(`ws://127.0.0.1:4567/v1/realtime?api_key=${KEY}`)).toBe('127.0.0.1:4567');
    expect(endpointLabel('wss://api.example.test/v1/realtime')).toBe('api.example.test:443');
    expect(endpointLabel('%%%')).toBe('the endpoint');
  });
});
