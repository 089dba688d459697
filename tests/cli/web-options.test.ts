import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/cli/exit-codes';
import { defaultDataDir, parseWebCliOptions } from '../../src/cli/web-options';

describe('parseWebCliOptions', () => {
  it('defaults to a free port, the OS config folder, and no run-only settings', () => {
    const options = parseWebCliOptions([], { XDG_CONFIG_HOME: '/cfg' });
    if (process.platform === 'linux') expect(options.dataDir).toBe('/cfg/voice-assistant-web');
    expect(options).toMatchObject({ port: 0, apiKey: null, overlay: {}, staticDir: null, help: false });
  });

  it('runs the global key only when asked', () => {
    expect(parseWebCliOptions([], {}).globalHotkey).toBe(false);
    expect(parseWebCliOptions(['--global-hotkey'], {}).globalHotkey).toBe(true);
  });

  it('reads --sim as the offline demo for this run', () => {
    expect(parseWebCliOptions(['--sim'], {}).overlay).toEqual({ offlineDemo: true });
  });

  it('reads connection options and the key', () => {
    const options = parseWebCliOptions(
      ['--port', '8123', '--data-dir', 'd', '--endpoint', 'ws://127.0.0.1:5/v1/realtime', '--auth', 'bearer', '--model', 'p/m', '--dialect', 'ga', '--key', ' k-123456789 '],
      {},
    );
    expect(options).toMatchObject({
      port: 8123,
      dataDir: 'd',
      apiKey: 'k-123456789',
      overlay: { endpoint: 'ws://127.0.0.1:5/v1/realtime', offlineDemo: false, authMode: 'bearer', model: 'p/m', dialect: 'ga' },
    });
  });

  it('takes the key and endpoint from the environment too', () => {
    const options = parseWebCliOptions([], { REALTIME_API_KEY: 'env-key-123', REALTIME_ENDPOINT: 'wss://env.example/v1/realtime' });
    expect(options.apiKey).toBe('env-key-123');
    expect(options.overlay.endpoint).toBe('wss://env.example/v1/realtime');
  });

  it('refuses bad values with a usage error', () => {
    for (const argv of [['--port', 'x'], ['--port', '70000'], ['--auth', 'cookie'], ['--endpoint', 'http://x'], ['--sim', '--endpoint', 'ws://a/b'], ['--nope']]) {
      expect(() => parseWebCliOptions(argv, {}), argv.join(' ')).toThrow(UsageError);
    }
  });

  it('never repeats a stray argument, which may be a pasted key', () => {
    try {
      parseWebCliOptions(['sk-very-secret-value'], {});
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(UsageError);
      expect(String((error as Error).message)).not.toContain('sk-very-secret-value');
    }
  });

  it('picks the per-user config folder of each OS', () => {
    expect(defaultDataDir({ APPDATA: 'C:\\Users\\a\\AppData\\Roaming' }, 'win32')).toContain('voice-assistant-web');
    expect(defaultDataDir({}, 'darwin')).toMatch(/Library.Application Support.voice-assistant-web$/);
  });
});
