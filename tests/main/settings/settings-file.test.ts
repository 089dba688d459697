import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { saveFailureText, setAsideUnreadable } from '../../../src/main/settings/settings-file';

const dirs: string[] = [];
const tempDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'va-settings-file-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('setAsideUnreadable', () => {
  it('does nothing for a missing file', () => {
    expect(setAsideUnreadable(join(tempDir(), 'settings.json'), 'settings')).toBeNull();
  });

  it('names the moved file by the time, without characters Windows refuses', () => {
    const dir = tempDir();
    const file = join(dir, 'secrets.json');
    writeFileSync(file, '{"apiKey": "c2stbGl2ZS');
    const notice = setAsideUnreadable(file, 'key', new Date('2025-03-04T05:06:07.089Z'));
    expect(readdirSync(dir)).toEqual(['secrets.json.corrupt-2025-03-04T05-06-07-089Z']);
    expect(notice).toContain(`${file}.corrupt-2025-03-04T05-06-07-089Z`);
    expect(notice).toMatch(/enter the key again/);
    expect(notice).not.toContain('c2stbGl2ZS');
  });
});

describe('saveFailureText', () => {
  it('puts a system error in plain words and says what to do', () => {
    const error = Object.assign(new Error("EROFS: read-only file system, open '/x/settings.json.tmp-1'"), { code: 'EROFS' });
    expect(saveFailureText('/x/settings.json', error)).toBe(
      'Settings could not be saved to /x/settings.json (the disk is read-only), so nothing was changed. Check that the file and its folder are writable, then try again.',
    );
  });

  it('says "permission denied" for a file or folder the user may not write', () => {
    for (const code of ['EACCES', 'EPERM']) {
      const error = Object.assign(new Error(`${code}: permission denied, open '/x/settings.json.tmp-1'`), { code });
      expect(saveFailureText('/x/settings.json', error)).toMatch(/^Settings could not be saved to \/x\/settings\.json \(permission denied\), so nothing was changed\./);
    }
  });

  it('falls back to the error message, and to no file name when there is no file', () => {
    expect(saveFailureText(undefined, new Error('store closed'))).toMatch(/^Settings could not be saved \(store closed\), so nothing was changed\./);
  });
});
