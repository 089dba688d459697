import { describe, expect, it } from 'vitest';
import { oneOf, parseConnectionFlags, readConnectionOptions } from '../../src/cli/connection-options';
import { UsageError } from '../../src/cli/exit-codes';
import { parseWebCliOptions } from '../../src/cli/web-options';
import { AUTH_MODES, DIALECT_SETTINGS, TALK_MODES } from '../../src/shared/domain';
import { DEFAULT_SETTINGS, settingsSchema } from '../../src/shared/settings';

const NOT_WORDS = ['', 'none', 'cookie', 'QUERY', 'Beta', 'auto ', 'ptt,vad'];

describe('the connection flags of ask, talk and web mode', () => {
  it('take exactly the auth modes and dialects that Settings stores', () => {
    expect(settingsSchema.shape.authMode.options).toEqual([...AUTH_MODES]);
    expect(settingsSchema.shape.dialect.options).toEqual([...DIALECT_SETTINGS]);
    for (const auth of AUTH_MODES) {
      expect(readConnectionOptions({ auth, sim: true }, {}).auth).toBe(auth);
      expect(parseWebCliOptions(['--auth', auth], {}).overlay.authMode).toBe(auth);
    }
    for (const dialect of DIALECT_SETTINGS) {
      expect(readConnectionOptions({ dialect, sim: true }, {}).dialect).toBe(dialect);
      expect(parseWebCliOptions(['--dialect', dialect], {}).overlay.dialect).toBe(dialect);
    }
    for (const word of NOT_WORDS) {
      expect(() => readConnectionOptions({ auth: word, sim: true }, {}), word).toThrow(UsageError);
      expect(() => parseWebCliOptions(['--dialect', word], {}), word).toThrow(UsageError);
    }
  });

  it("talk's --mode takes exactly the talk modes", () => {
    expect(settingsSchema.shape.mode.options).toEqual([...TALK_MODES]);
    for (const mode of TALK_MODES) expect(oneOf('mode', mode, TALK_MODES)).toBe(mode);
    expect(oneOf('mode', undefined, TALK_MODES)).toBeUndefined();
    for (const word of NOT_WORDS) expect(() => oneOf('mode', word, TALK_MODES), word).toThrow('--mode must be one of ptt, vad.');
  });

  it('leave out what is not given, for web mode to keep the stored settings', () => {
    expect(parseConnectionFlags({}, {})).toEqual({ sim: false, endpoint: undefined, apiKey: undefined, auth: undefined, dialect: undefined, model: undefined });
  });

  it("fill in the app's defaults for ask and talk", () => {
    expect(readConnectionOptions({ key: 'k-123' }, {})).toEqual({
      endpoint: DEFAULT_SETTINGS.endpoint,
      apiKey: 'k-123',
      auth: DEFAULT_SETTINGS.authMode,
      dialect: DEFAULT_SETTINGS.dialect,
      model: undefined,
      voice: undefined,
      json: false,
      sim: false,
    });
  });

  it('read the key and endpoint from the environment, an empty variable counting as unset', () => {
    const env = { REALTIME_API_KEY: ' env-key ', REALTIME_ENDPOINT: 'ws://127.0.0.1:5/v1/realtime' };
    expect(parseConnectionFlags({}, env)).toMatchObject({ apiKey: 'env-key', endpoint: 'ws://127.0.0.1:5/v1/realtime' });
    expect(parseConnectionFlags({ key: 'flag-key', endpoint: 'wss://flag.example/v1/realtime' }, env)).toMatchObject({ apiKey: 'flag-key', endpoint: 'wss://flag.example/v1/realtime' });
    expect(parseConnectionFlags({}, { REALTIME_API_KEY: '', REALTIME_ENDPOINT: '' })).toMatchObject({ apiKey: undefined, endpoint: undefined });
  });

  it('need a key for ask and talk, except with --sim', () => {
    expect(() => readConnectionOptions({}, { REALTIME_API_KEY: '' })).toThrow(/No API key.*--sim/);
    expect(readConnectionOptions({ sim: true }, {}).apiKey).toBe('offline-demo');
  });

  it('hold --endpoint to what Settings accepts, and refuse it next to --sim', () => {
    expect(() => parseConnectionFlags({ endpoint: 'http://example.com' }, {})).toThrow(UsageError);
    expect(() => parseConnectionFlags({}, { REALTIME_ENDPOINT: 'example.com' })).toThrow(/must start with wss:\/\//);
    expect(() => parseConnectionFlags({ sim: true, endpoint: 'ws://a/b' }, {})).toThrow('--sim and --endpoint exclude each other.');
    expect(parseConnectionFlags({ sim: true }, { REALTIME_ENDPOINT: 'ws://a/b' }).endpoint).toBeUndefined();
  });
});
