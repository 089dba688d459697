// Start at login against a real folder on disk (Linux's autostart entry), and through a stand-in for the
// OS's login item (macOS, Windows).
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  applyStartAtLogin,
  AUTOSTART_FILE,
  autostartPath,
  desktopEntry,
  startAtLoginState,
  xdgConfigHome,
  type StartAtLoginEnv,
  type StartAtLoginFs,
} from '../../../src/main/desktop/start-at-login';

let configHome: string;
let autostart: string;
let entry: string;

beforeEach(() => {
  configHome = mkdtempSync(join(tmpdir(), 'start-at-login-'));
  autostart = join(configHome, 'autostart');
  entry = join(autostart, AUTOSTART_FILE);
});

afterEach(() => {
  // A test may have left the folder read-only.
  try {
    chmodSync(autostart, 0o755);
  } catch {
    // Not created by that test.
  }
  rmSync(configHome, { recursive: true, force: true });
});

const linux = (extra: Partial<StartAtLoginEnv> = {}): StartAtLoginEnv => ({
  platform: 'linux',
  configHome,
  execPath: '/opt/Voice Assistant/voice-assistant',
  ...extra,
});


describe('the Linux autostart entry', () => {
  it('is written, creating the autostart folder, with the app as its program and mode 0644', () => {
    expect(applyStartAtLogin(true, linux())).toBeNull();
    expect(readFileSync(entry, 'utf8')).toBe(
      [
        '[Desktop Entry]',
        'Type=Application',
        'Name=Voice Assistant',
        'Exec="/opt/Voice Assistant/voice-assistant"',
        'X-GNOME-Autostart-enabled=true',
        'Hidden=false',
        '',
      ].join('\n'),
    );
    expect(statSync(entry).mode & 0o777).toBe(0o644);
    expect(startAtLoginState(linux())).toBe(true);
  });

  it('creates a missing config folder too', () => {
    const nested = join(configHome, 'not', 'yet');
    expect(applyStartAtLogin(true, linux({ configHome: nested }))).toBeNull();
    expect(readFileSync(autostartPath(nested), 'utf8')).toContain('Exec=');
  });

  it('is the same after writing it again, with no temporary file left behind', () => {
    expect(applyStartAtLogin(true, linux())).toBeNull();
    const first = readFileSync(entry, 'utf8');
    expect(applyStartAtLogin(true, linux())).toBeNull();
    expect(readFileSync(entry, 'utf8')).toBe(first);
    expect(readdirSync(autostart)).toEqual([AUTOSTART_FILE]);
  });

  it('replaces an older entry and sets its mode whatever a leftover temporary file had', () => {
    mkdirSync(autostart);
    writeFileSync(entry, '[Desktop Entry]\nExec=/old/place\n', { mode: 0o600 });
    // What a crash between write and rename leaves: writeFileSync keeps an existing file's mode.
    writeFileSync(join(autostart, `.${AUTOSTART_FILE}.${process.pid}.tmp`), 'half', { mode: 0o600 });
    expect(applyStartAtLogin(true, linux({ execPath: '/usr/bin/voice-assistant' }))).toBeNull();
    expect(readFileSync(entry, 'utf8')).toContain('\nExec=/usr/bin/voice-assistant\n');
    expect(statSync(entry).mode & 0o777).toBe(0o644);
    expect(readdirSync(autostart)).toEqual([AUTOSTART_FILE]);
  });

  it('is removed when turned off, and turning off again is fine', () => {
    expect(applyStartAtLogin(true, linux())).toBeNull();
    expect(applyStartAtLogin(false, linux())).toBeNull();
    expect(readdirSync(autostart)).toEqual([]);
    expect(startAtLoginState(linux())).toBe(false);
    expect(applyStartAtLogin(false, linux())).toBeNull();
    expect(applyStartAtLogin(false, linux({ configHome: join(configHome, 'missing') }))).toBeNull();
  });

  // Refusals come from a stand-in file system: the suite runs as root in CI, and root writes anyway.
  const denied = (): never => {
    throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
  };
  const realFs = (): StartAtLoginFs => ({ mkdirSync, writeFileSync, chmodSync, renameSync, rmSync, existsSync });

  it('in a folder it may not write is a message naming the file, and nothing is thrown', () => {
    const message = applyStartAtLogin(true, linux({ fs: { ...realFs(), writeFileSync: denied } }));
    expect(message).toContain(entry);
    expect(message).toContain('permission denied');
    expect(startAtLoginState(linux())).toBe(false);
  });

  it('that cannot be removed is a message saying how to stop it', () => {
    expect(applyStartAtLogin(true, linux())).toBeNull();
    const message = applyStartAtLogin(false, linux({ fs: { ...realFs(), rmSync: denied } }));
    expect(message).toContain(`${entry} could not be removed (permission denied)`);
    expect(message).toContain('Delete that file');
    expect(startAtLoginState(linux())).toBe(true);
  });

  it('where a file is in place of the autostart folder is a message, not a throw', () => {
    writeFileSync(autostart, 'not a folder');
    const message = applyStartAtLogin(true, linux());
    expect(message).toContain(entry);
    expect(message).toContain('a file is in the way of its folder');
  });

  it('on a read-only disk says so, and removes its temporary file', () => {
    const removed: string[] = [];
    const fs: StartAtLoginFs = {
      mkdirSync: () => undefined,
      writeFileSync: () => undefined,
      chmodSync: () => undefined,
      renameSync: () => {
        throw Object.assign(new Error('EROFS: read-only file system'), { code: 'EROFS' });
      },
      rmSync: (path) => void removed.push(String(path)),
      existsSync: () => false,
    };
    const message = applyStartAtLogin(true, linux({ fs }));
    expect(message).toContain('(the disk is read-only)');
    expect(removed).toEqual([join(autostart, `.${AUTOSTART_FILE}.${process.pid}.tmp`)]);
  });
});

describe('desktopEntry', () => {
  const execLine = (execPath: string, args?: string[]): string | undefined =>
    desktopEntry(execPath, args)
      .split('\n')
      .find((line) => line.startsWith('Exec='));

  it('leaves plain paths bare and quotes what the Desktop Entry spec reserves', () => {
    expect(execLine('/usr/bin/voice-assistant')).toBe('Exec=/usr/bin/voice-assistant');
    expect(execLine('/opt/it\'s here/app')).toBe('Exec="/opt/it\'s here/app"');
    expect(execLine('/opt/$HOME/a"b`c/app')).toBe('Exec="/opt/\\\\$HOME/a\\\\"b\\\\`c/app"');
  });

  it('writes a literal backslash as four inside quotes, and a percent sign as %%', () => {
    expect(execLine('/opt/a\\b/app')).toBe('Exec="/opt/a\\\\\\\\b/app"');
    expect(execLine('/opt/100%/app')).toBe('Exec=/opt/100%%/app');
  });

  it('keeps a newline out of the file and adds each argument in turn', () => {
    expect(execLine('/opt/a\nb/app')).toBe('Exec="/opt/a\\nb/app"');
    expect(execLine('/usr/lib/electron/electron', ['/home/me/voice assistant', ''])).toBe('Exec=/usr/lib/electron/electron "/home/me/voice assistant" ""');
  });
});

describe('xdgConfigHome', () => {
  it('is $XDG_CONFIG_HOME when absolute, else ~/.config', () => {
    expect(xdgConfigHome({ XDG_CONFIG_HOME: '/srv/conf' }, '/home/me')).toBe('/srv/conf');
    expect(xdgConfigHome({}, '/home/me')).toBe('/home/me/.config');
    expect(xdgConfigHome({ XDG_CONFIG_HOME: '' }, '/home/me')).toBe('/home/me/.config');
    expect(xdgConfigHome({ XDG_CONFIG_HOME: 'conf' }, '/home/me')).toBe('/home/me/.config');
  });
});

describe.each(['darwin', 'win32'] as const)('the login item on %s', (platform) => {
  const loginItem = () => {
    const calls: boolean[] = [];
    let open = false;
    const env: StartAtLoginEnv = {
      platform,
      configHome,
      execPath: 'C:\\Program Files\\Voice Assistant\\Voice Assistant.exe',
      setLoginItem: (value) => {
        calls.push(value);
        open = value;
      },
      getLoginItem: () => open,
    };
    return { env, calls };
  };

  it('is set and cleared through the OS, and no file is written', () => {
    const { env, calls } = loginItem();
    expect(applyStartAtLogin(true, env)).toBeNull();
    expect(startAtLoginState(env)).toBe(true);
    expect(applyStartAtLogin(false, env)).toBeNull();
    expect(startAtLoginState(env)).toBe(false);
    expect(calls).toEqual([true, false]);
    expect(readdirSync(configHome)).toEqual([]);
  });

  it('that fails is a message, not a throw', () => {
    const { env } = loginItem();
    env.setLoginItem = () => {
      throw new Error('The operation is not permitted');
    };
    expect(applyStartAtLogin(true, env)).toBe('Voice Assistant could not be set to start when you log in (The operation is not permitted).');
  });

  it('without the OS call is a message, and reads as off', () => {
    const env: StartAtLoginEnv = { platform, configHome, execPath: 'x' };
    expect(applyStartAtLogin(true, env)).toMatch(/not available/);
    expect(startAtLoginState(env)).toBe(false);
  });
});
