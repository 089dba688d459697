import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { commandLineKey, KEY_FLAG_WARNING, keyFlagOf, oneOf, parseConnectionFlags, readConnectionOptions } from '../../src/cli/connection-options';
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
    expect(() => parseConnectionFlags({}, { REALTIME_ENDPOINT: 'example.com' })).toThrow(/^REALTIME_ENDPOINT: .*must be a wss:\/\//);
    expect(() => parseConnectionFlags({ endpoint: 'ws://api.example.com/v1/realtime' }, {})).toThrow(/^--endpoint: .*only for a server on this computer/);
    expect(parseConnectionFlags({ endpoint: 'ws://[::1]:5/v1/realtime' }, {}).endpoint).toBe('ws://[::1]:5/v1/realtime');
    expect(() => parseConnectionFlags({ sim: true, endpoint: 'ws://a/b' }, {})).toThrow('--sim and --endpoint exclude each other.');
    expect(parseConnectionFlags({ sim: true }, { REALTIME_ENDPOINT: 'ws://a/b' }).endpoint).toBeUndefined();
  });
});

describe('the key on the command line', () => {
  const KEY = 'sk-flag-Key_0123456789';

  function io(stdinText: string, tty = false) {
    const stdin = Readable.from([Buffer.from(stdinText)]) as Readable & { isTTY?: boolean };
    if (tty) stdin.isTTY = true;
    const stderr = new PassThrough();
    let written = '';
    stderr.on('data', (d: Buffer) => (written += d.toString()));
    return { stdin, stderr, written: () => written };
  }

  it('says which way the key comes, and refuses both ways at once', () => {
    expect(keyFlagOf({})).toBeNull();
    expect(keyFlagOf({ key: '' })).toBeNull();
    expect(keyFlagOf({ key: KEY })).toBe('key');
    expect(keyFlagOf({ 'key-stdin': true })).toBe('key-stdin');
    expect(() => keyFlagOf({ key: KEY, 'key-stdin': true })).toThrow(UsageError);
    expect(() => readConnectionOptions({ key: KEY, 'key-stdin': true }, {})).toThrow('--key and --key-stdin exclude each other');
    expect(parseWebCliOptions(['--key-stdin'], {}).keyFlag).toBe('key-stdin');
    expect(parseWebCliOptions(['--key', KEY], {}).keyFlag).toBe('key');
    expect(() => parseWebCliOptions(['--key', KEY, '--key-stdin'], {})).toThrow(UsageError);
  });

  it('warns once about --key, without the key', async () => {
    const t = io('');
    expect(await commandLineKey('key', t)).toBeUndefined();
    expect(t.written()).toBe(`${KEY_FLAG_WARNING}\n`);
    expect(KEY_FLAG_WARNING).toMatch(/visible to other users of this computer in the process list; use REALTIME_API_KEY or --key-stdin/);
    const none = io(KEY);
    expect(await commandLineKey(null, none)).toBeUndefined();
    expect(none.written()).toBe('');
  });

  it('reads --key-stdin trimmed, and it takes the place of the environment key', async () => {
    const t = io(`\t${KEY} \r\n`);
    const key = await commandLineKey('key-stdin', t);
    expect(key).toBe(KEY);
    expect(t.written()).toBe('');
    expect(readConnectionOptions({ 'key-stdin': true }, { REALTIME_API_KEY: 'env-key' }, key).apiKey).toBe(KEY);
  });

  it('refuses a terminal, an empty input, more than a key, or a whole file, never repeating what it read', async () => {
    await expect(commandLineKey('key-stdin', io(KEY, true))).rejects.toThrow(/not from the keyboard .*--key-stdin < key\.txt/);
    await expect(commandLineKey('key-stdin', io(' \n'))).rejects.toThrow(/found no key/);
    for (const text of [`${KEY}\nmore`, `${KEY} ${KEY}`, 'x'.repeat(5000)]) {
      const error = await commandLineKey('key-stdin', io(text)).catch((e: unknown) => e as Error);
      expect(error).toBeInstanceOf(UsageError);
      expect((error as Error).message).toMatch(/give it only the key/);
      expect((error as Error).message).not.toContain(KEY);
    }
  });
});
