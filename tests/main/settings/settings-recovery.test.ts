// Damaged settings files cost nothing: real files in a temp folder, broken for real.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openConfBacking } from '../../../src/main/settings/conf-backing';
import { SettingsService } from '../../../src/main/settings/settings-service';
import { DEFAULT_SETTINGS } from '../../../src/shared/settings';

const dirs: string[] = [];
const tempDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'va-settings-recovery-'));
  dirs.push(dir);
  return dir;
};
afterEach(() =>
  dirs.splice(0).forEach((d) => {
    chmodSync(d, 0o700);
    rmSync(d, { recursive: true, force: true });
  }),
);

const modeOf = (file: string): number => statSync(file).mode & 0o777;

describe('a settings file that cannot be parsed', () => {
  it('is moved aside, defaults are used, and one notice names both files', () => {
    const dir = tempDir();
    const file = join(dir, 'settings.json');
    const damaged = '{"voice": "sage", "model": "half-writ';
    writeFileSync(file, damaged);
    const notices: string[] = [];
    const service = new SettingsService(openConfBacking(dir, notices));

    expect(service.get()).toEqual(DEFAULT_SETTINGS);
    const aside = readdirSync(dir).filter((name) => name.startsWith('settings.json.corrupt-'));
    expect(aside).toHaveLength(1);
    expect(readFileSync(join(dir, aside[0]!), 'utf8')).toBe(damaged);
    expect(existsSync(file)).toBe(false);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toContain(file);
    expect(notices[0]).toContain(join(dir, aside[0]!));
    expect(notices[0]).not.toContain('half-writ');

    service.update({ voice: 'verse' });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ voice: 'verse' });
  });

  it('is also one whose JSON is not an object', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'settings.json'), '["voice", "sage"]');
    const notices: string[] = [];
    expect(new SettingsService(openConfBacking(dir, notices)).get()).toEqual(DEFAULT_SETTINGS);
    expect(notices).toHaveLength(1);
    expect(readdirSync(dir).some((name) => name.startsWith('settings.json.corrupt-'))).toBe(true);
  });

  it('is not touched when it is fine', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ voice: 'sage' }));
    const notices: string[] = [];
    expect(new SettingsService(openConfBacking(dir, notices)).get().voice).toBe('sage');
    expect(notices).toEqual([]);
    expect(readdirSync(dir)).toEqual(['settings.json']);
  });
});

describe('a file repaired field by field', () => {
  it('is backed up once, before the first write', () => {
    const dir = tempDir();
    const file = join(dir, 'settings.json');
    const original = JSON.stringify({ voice: 42, mode: 'vad', obsolete: true });
    writeFileSync(file, original);
    const service = new SettingsService(openConfBacking(dir, []));
    expect(existsSync(`${file}.bak`)).toBe(false);

    service.update({ outputVolume: 0.5 });
    expect(readFileSync(`${file}.bak`, 'utf8')).toBe(original);
    expect(modeOf(`${file}.bak`)).toBe(0o600);
    const repaired = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    expect(repaired).toMatchObject({ voice: 'alloy', mode: 'vad', outputVolume: 0.5 });
    expect(repaired).not.toHaveProperty('obsolete');

    // A later repair keeps the first backup: that is the one holding what the user wrote.
    writeFileSync(file, JSON.stringify({ voice: 7 }));
    new SettingsService(openConfBacking(dir, [])).update({ mode: 'ptt' });
    expect(readFileSync(`${file}.bak`, 'utf8')).toBe(original);
  });

  it('is not backed up when nothing in it needs repair', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ voice: 'sage', mode: 'vad' }));
    new SettingsService(openConfBacking(dir, [])).update({ outputVolume: 0.5 });
    expect(existsSync(join(dir, 'settings.json.bak'))).toBe(false);
  });
});

describe('a save that fails', () => {
  /** Opens the settings in `dir`, breaks the disk under them, and tries a change. */
  const expectNothingChanged = (dir: string, breakDisk: () => void, reason: RegExp): void => {
    const service = new SettingsService(openConfBacking(dir, []));
    breakDisk();
    const before = service.get();
    let changes = 0;
    service.on('change', () => (changes += 1));
    let message = '';
    try {
      service.update({ voice: 'sage' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/^Settings could not be saved to .*settings\.json/);
    expect(message).toContain(join(dir, 'settings.json'));
    expect(message).toMatch(reason);
    expect(message).not.toMatch(/\n|\bat /);
    expect(service.get()).toBe(before);
    expect(changes).toBe(0);
  };

  it('leaves the settings in use unchanged and says why in plain words', () => {
    const dir = tempDir();
    // Something the disk refuses whoever runs the test: a folder where the file goes.
    expectNothingChanged(dir, () => mkdirSync(join(dir, 'settings.json')), /a folder is in its place/);
  });
});

describe('file permissions', () => {
  it('creates the settings file owner-only, and makes an older readable one owner-only on save', () => {
    const fresh = tempDir();
    new SettingsService(openConfBacking(fresh, [])).update({ voice: 'sage' });
    expect(modeOf(join(fresh, 'settings.json'))).toBe(0o600);

    const older = tempDir();
    writeFileSync(join(older, 'settings.json'), '{}', { mode: 0o644 });
    new SettingsService(openConfBacking(older, [])).update({ voice: 'sage' });
    expect(modeOf(join(older, 'settings.json'))).toBe(0o600);
  });
});
