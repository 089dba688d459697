import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../../src/shared/invalid-input';
import { DEFAULT_SETTINGS } from '../../../src/shared/settings';
import { openConfBacking } from '../../../src/main/settings/conf-backing';
import { SettingsService } from '../../../src/main/settings/settings-service';

const dirs: string[] = [];
const tempDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'va-settings-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('SettingsService with conf', () => {
  it('starts from defaults and persists updates across instances', () => {
    const dir = tempDir();
    const first = new SettingsService(openConfBacking(dir, []));
    expect(first.get()).toEqual(DEFAULT_SETTINGS);
    first.update({ voice: 'verse', inputDeviceId: 'ALSA:mic', mode: 'vad' });
    const second = new SettingsService(openConfBacking(dir, []));
    expect(second.get()).toMatchObject({ voice: 'verse', inputDeviceId: 'ALSA:mic', mode: 'vad' });
  });

  it('changes only the fields a patch names', () => {
    const service = new SettingsService(openConfBacking(tempDir(), []));
    service.update({ endpoint: 'wss://example.test/v1/realtime', authMode: 'bearer', offlineDemo: true });
    const after = service.update({ voice: 'sage' });
    expect(after).toEqual({ ...DEFAULT_SETTINGS, endpoint: 'wss://example.test/v1/realtime', authMode: 'bearer', offlineDemo: true, voice: 'sage' });
  });

  it('rejects invalid patches with the field name and keeps the old value', () => {
    const service = new SettingsService(openConfBacking(tempDir(), []));
    expect(() => service.update({ endpoint: 'http://example.com' })).toThrow(/endpoint: .*wss:\/\//);
    expect(() => service.update({ vadThreshold: 3 })).toThrow(/vadThreshold/);
    expect(() => service.update({ apiKey: 'sk-should-not-be-a-setting' })).toThrow();
    expect(service.get().endpoint).toBe(DEFAULT_SETTINGS.endpoint);
  });

  it('names every invalid field as an issue, for the window to show next to each field', () => {
    const service = new SettingsService(openConfBacking(tempDir(), []));
    let thrown: unknown;
    try {
      service.update({ vadThreshold: 3, voice: '' });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InvalidInputError);
    expect((thrown as InvalidInputError).issues.map((issue) => issue.path).sort()).toEqual(['vadThreshold', 'voice']);
  });

  it('repairs a hand-edited or older file field by field', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ voice: 42, mode: 'vad', obsolete: true, outputVolume: 0.4 }));
    const service = new SettingsService(openConfBacking(dir, []));
    expect(service.get()).toMatchObject({ voice: 'alloy', mode: 'vad', outputVolume: 0.4 });
    expect(service.get()).not.toHaveProperty('obsolete');
  });

  it('reads the on/off half-duplex of an older file as automatic/off, losing nothing else, and saves the new word', () => {
    const older = { ...DEFAULT_SETTINGS, voice: 'verse', mode: 'vad', hotkey: 'F8', outputVolume: 0.4, earcons: false };
    for (const [stored, now] of [[true, 'auto'], [false, 'off']] as const) {
      const dir = tempDir();
      const file = join(dir, 'settings.json');
      writeFileSync(file, JSON.stringify({ ...older, halfDuplex: stored }));
      const service = new SettingsService(openConfBacking(dir, []));
      expect(service.get()).toEqual({ ...older, halfDuplex: now });
      service.update({ voice: 'sage' });
      expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ ...older, voice: 'sage', halfDuplex: now });
      // The first save rewrites the old value, so the file as it was is kept beside it.
      expect(JSON.parse(readFileSync(`${file}.bak`, 'utf8'))).toMatchObject({ halfDuplex: stored });
    }
  });

  it('never writes a key into the settings file', () => {
    const dir = tempDir();
    const service = new SettingsService(openConfBacking(dir, []));
    service.update({ model: 'provider/model' });
    const stored = Object.keys(JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8')) as object);
    expect(stored).toContain('model');
    expect(stored.filter((name) => /api.?key|secret|token/i.test(name))).toEqual([]);
  });
});
