import { describe, expect, it } from 'vitest';
import { describeOriginChange, endpointProblem, isLoopbackHost, keyMayGoTo, originOf } from '../../src/shared/endpoint-origin';
import { endpointSchema, migrateSettings, settingsPatchSchema } from '../../src/shared/settings';

describe('endpointProblem', () => {
  it.each([
    'wss://api.example.com/v1/realtime',
    'wss://10.0.0.5:8443/v1/realtime',
    'ws://127.0.0.1:8080/v1/realtime',
    'ws://127.1.2.3/v1/realtime',
    'ws://localhost:3000',
    'ws://[::1]:9000/v1/realtime',
    'ws://127.1/', // URL reads this as 127.0.0.1
  ])('accepts %s', (endpoint) => {
    expect(endpointProblem(endpoint)).toBeNull();
  });

  it.each([
    'ws://api.example.com/v1/realtime',
    'ws://192.168.1.5:8080/v1/realtime',
    'ws://10.0.0.1/',
    'ws://127.0.0.1.example.com/',
    'ws://localhost.example.com/',
    'ws://[::ffff:127.0.0.1]/',
    'ws://0.0.0.0:8080/',
  ])('refuses plain ws:// off this machine: %s', (endpoint) => {
    expect(endpointProblem(endpoint)).toMatch(/only for a server on this computer.*wss:\/\//);
  });

  it.each(['http://x', 'https://api.example.com/v1', 'api.example.com', 'wss://', ''])('refuses what is not a ws(s) URL: %j', (endpoint) => {
    expect(endpointProblem(endpoint)).toMatch(/must be a wss:\/\/ address/);
  });

  it('knows loopback hosts as URL writes them', () => {
    expect(['localhost', '127.0.0.1', '127.255.0.9', '[::1]'].map(isLoopbackHost)).toEqual([true, true, true, true]);
    expect(['128.0.0.1', '[::2]', 'localhost.', 'example.com'].map(isLoopbackHost)).toEqual([false, false, false, false]);
  });
});

describe('keyMayGoTo', () => {
  const bound = 'wss://api.example.com';
  it.each([
    ['the same origin, another path', bound, 'wss://api.example.com/v2/realtime?model=x', true],
    ['the same origin with its default port written out', bound, 'wss://api.example.com:443/v1/realtime', true],
    ['the same origin in capitals', bound, 'wss://API.Example.COM/v1/realtime', true],
    ['another host', bound, 'wss://evil.example/v1/realtime', false],
    ['a subdomain', bound, 'wss://eu.api.example.com/v1/realtime', false],
    ['another port', bound, 'wss://api.example.com:8443/v1/realtime', false],
    ['the same host over ws://', bound, 'ws://api.example.com/v1/realtime', false],
    ['a loopback origin', 'ws://127.0.0.1:8080', 'ws://127.0.0.1:8080/v1/realtime', true],
    ['another loopback port', 'ws://127.0.0.1:8080', 'ws://127.0.0.1:8081/v1/realtime', false],
    ['loopback by another name', 'ws://127.0.0.1:8080', 'ws://localhost:8080/v1/realtime', false],
    ['loopback from ws:// to wss://', 'ws://127.0.0.1:8080', 'wss://127.0.0.1:8080/', false],
    ['a key bound to no origin', null, 'wss://api.example.com/v1/realtime', false],
    ['an origin that ws:// may not reach', 'ws://api.example.com', 'ws://api.example.com/v1/realtime', false],
    ['a bad endpoint', bound, 'not a url', false],
  ] as const)('%s', (_name, origin, endpoint, expected) => {
    expect(keyMayGoTo(origin, endpoint)).toBe(expected);
  });

  it('binds to the origin as URL writes it', () => {
    expect(originOf('wss://API.example.com:443/v1/realtime?x=1')).toBe('wss://api.example.com');
    expect(originOf('ws://user:pw@127.0.0.1:80/')).toBe('ws://127.0.0.1');
    expect(originOf('nope')).toBeNull();
  });
});

describe('describeOriginChange', () => {
  it('names hosts, or whole origins when only the scheme changed', () => {
    expect(describeOriginChange('wss://a.example', 'wss://b.example:8443/v1/realtime')).toEqual({ from: 'a.example', to: 'b.example:8443' });
    expect(describeOriginChange('wss://a.example', 'ws://a.example/v1')).toEqual({ from: 'wss://a.example', to: 'ws://a.example' });
    expect(describeOriginChange(null, 'wss://b.example/v1')).toEqual({ from: null, to: 'b.example' });
  });
});

describe('endpointSchema', () => {
  it('holds Settings, and the CLI that uses it, to the same rule', () => {
    expect(endpointSchema.safeParse(' ws://localhost:8080/v1/realtime ').data).toBe('ws://localhost:8080/v1/realtime');
    const refused = settingsPatchSchema.safeParse({ endpoint: 'ws://192.168.1.5:8080/v1/realtime' });
    expect(refused.error?.issues).toEqual([expect.objectContaining({ path: ['endpoint'], message: expect.stringMatching(/wss:\/\//) })]);
  });

  it('reads a stored ws:// endpoint to another machine as the default', () => {
    expect(migrateSettings({ endpoint: 'ws://192.168.1.5:8080/v1/realtime' }).endpoint).toMatch(/^wss:\/\//);
  });
});
