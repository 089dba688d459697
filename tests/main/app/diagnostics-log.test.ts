import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DiagnosticsLog, logNativeDiagnostics } from '../../../src/main/app/diagnostics-log';
import { nativeDiagnostics } from '../../../src/main/audio/native-diagnostics';

describe('DiagnosticsLog', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'diag-log-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('appends timestamped lines, one per line even when a message has newlines, readable by the user only', async () => {
    const log = new DiagnosticsLog(join(dir, 'logs'), { now: () => Date.UTC(2026, 10, 30, 12) });
    log.write('audio', 'ALSA lib conf.c:1:(x) first');
    log.write('audio', 'two\nlines');
    expect(await readFile(log.file, 'utf8')).toBe('2026-11-30T12:00:00.000Z audio: ALSA lib conf.c:1:(x) first\n2026-11-30T12:00:00.000Z audio: two lines\n');
    expect((await stat(log.file)).mode & 0o777).toBe(0o600);
  });

  it('writes at most maxLinesPerWindow lines a window, then says how many it left out', async () => {
    let now = 0;
    const log = new DiagnosticsLog(dir, { maxLinesPerWindow: 3, windowMs: 1000, now: () => now });
    for (let i = 0; i < 10; i++) log.write('audio', `line ${i}`);
    now = 1500;
    log.write('audio', 'next window');
    const lines = (await readFile(log.file, 'utf8')).trim().split('\n').map((l) => l.slice(l.indexOf(' ') + 1));
    expect(lines).toEqual(['audio: line 0', 'audio: line 1', 'audio: line 2', 'log: 7 lines not written (more than 3 a minute)', 'audio: next window']);
  });

  it('rotates the file past maxBytes, keeping one earlier file', async () => {
    const log = new DiagnosticsLog(dir, { maxBytes: 200, maxLinesPerWindow: 1000 });
    for (let i = 0; i < 20; i++) log.write('audio', `line number ${i} with some text`);
    expect((await stat(log.file)).size).toBeLessThanOrEqual(200);
    expect((await stat(`${log.file}.1`)).size).toBeLessThanOrEqual(200);
    expect(await readFile(log.file, 'utf8')).toContain('line number 19');
  });

  it('receives the native layer’s lines while subscribed, with the count of lines the addon dropped', async () => {
    const { log, stop } = logNativeDiagnostics(dir);
    nativeDiagnostics.collect({ takeDiagnostics: () => ({ lines: ['ALSA lib pcm.c:2:(y) unknown PCM'], dropped: 4 }) });
    stop();
    nativeDiagnostics.collect({ takeDiagnostics: () => ({ lines: ['after stop'], dropped: 0 }) });
    const text = await readFile(log.file, 'utf8');
    expect(text).toContain('audio: (4 earlier lines dropped)\n');
    expect(text).toContain('audio: ALSA lib pcm.c:2:(y) unknown PCM\n');
    expect(text).not.toContain('after stop');
    expect(nativeDiagnostics.counts.dropped).toBeGreaterThanOrEqual(4);
  });

  it('an addon without the buffer (unpatched) gives nothing and throws nothing', () => {
    const before = { ...nativeDiagnostics.counts };
    nativeDiagnostics.collect({});
    expect(nativeDiagnostics.counts).toEqual(before);
  });
});
