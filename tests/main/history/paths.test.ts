import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appDataDir, historyFileIn } from '../../../src/main/history/paths';

describe('history file location', () => {
  it('is in the desktop app data folder, as Electron names it, on each OS', () => {
    expect(appDataDir({ XDG_CONFIG_HOME: '/x/config' }, 'linux', '/home/u')).toBe('/x/config/Voice Assistant');
    expect(appDataDir({}, 'linux', '/home/u')).toBe('/home/u/.config/Voice Assistant');
    // A relative XDG_CONFIG_HOME is invalid by the spec and ignored.
    expect(appDataDir({ XDG_CONFIG_HOME: 'rel' }, 'linux', '/home/u')).toBe('/home/u/.config/Voice Assistant');
    expect(appDataDir({}, 'darwin', '/Users/u')).toBe('/Users/u/Library/Application Support/Voice Assistant');
    expect(appDataDir({ APPDATA: 'C:\\Users\\u\\AppData\\Roaming' }, 'win32', 'C:\\Users\\u')).toBe(join('C:\\Users\\u\\AppData\\Roaming', 'Voice Assistant'));
  });

  it('is history.sqlite in a data folder (web mode: --data-dir)', () => {
    expect(historyFileIn('/data')).toBe('/data/history.sqlite');
  });
});
