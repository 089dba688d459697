// electron-store needs a running Electron app; underneath it is conf, so the stand-in is conf taking
// electron-store's options, and the files are real.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type ElectronStore from 'electron-store';
import { openElectronSettings, openKeyFile } from '../../../src/main/shell/electron-stores';
import { SettingsService } from '../../../src/main/settings/settings-service';
import { DEFAULT_SETTINGS } from '../../../src/shared/settings';

vi.mock('electron-store', async () => {
  const { default: Conf } = await import('conf');
  type Options = NonNullable<ConstructorParameters<typeof ElectronStore<Record<string, unknown>>>[0]>;
  class StandIn extends Conf<Record<string, unknown>> {
    constructor({ name, ...options }: Options) {
      super({ ...options, configName: name });
    }
  }
  return { default: StandIn };
});

const dirs: string[] = [];
const tempDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'va-electron-stores-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

const modeOf = (file: string): number => statSync(file).mode & 0o777;

describe('openElectronSettings', () => {
  it('moves a file that cannot be parsed aside, starts from defaults, and says where it went', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'settings.json'), '{"voice": "sage",');
    const notices: string[] = [];
    const settings = new SettingsService(openElectronSettings(dir, notices));
    expect(settings.get()).toEqual(DEFAULT_SETTINGS);
    const aside = readdirSync(dir).find((name) => name.startsWith('settings.json.corrupt-'));
    expect(aside).toBeDefined();
    expect(notices).toEqual([expect.stringContaining(join(dir, aside!))]);
    expect(notices[0]).toContain(join(dir, 'settings.json'));
  });

  it('writes the settings file owner-only and backs up a repaired one', () => {
    const dir = tempDir();
    const file = join(dir, 'settings.json');
    writeFileSync(file, JSON.stringify({ voice: 42 }), { mode: 0o644 });
    const backing = openElectronSettings(dir, []);
    expect(backing.path).toBe(file);
    new SettingsService(backing).update({ mode: 'vad' });
    expect(modeOf(file)).toBe(0o600);
    expect(readFileSync(`${file}.bak`, 'utf8')).toBe(JSON.stringify({ voice: 42 }));
  });
});

describe('openKeyFile', () => {
  it('creates the ciphertext file owner-only and reads back what it wrote', () => {
    const dir = tempDir();
    const keyFile = openKeyFile(dir, []);
    expect(keyFile.get()).toBeUndefined();
    keyFile.set({ ciphertext: 'Y2lwaGVydGV4dA==', origin: 'wss://api.example.test' });
    expect(modeOf(join(dir, 'secrets.json'))).toBe(0o600);
    expect(openKeyFile(dir, []).get()).toEqual({ ciphertext: 'Y2lwaGVydGV4dA==', origin: 'wss://api.example.test' });
    keyFile.delete();
    expect(keyFile.get()).toBeUndefined();
  });

  it('moves a damaged key file aside with a notice that holds no ciphertext', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'secrets.json'), '{"apiKey": "Y2lwaGVydGV4');
    const notices: string[] = [];
    expect(openKeyFile(dir, notices).get()).toBeUndefined();
    expect(existsSync(join(dir, 'secrets.json'))).toBe(false);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(/enter the key again/);
    expect(notices[0]).not.toContain('Y2lwaGVydGV4');
  });
});
