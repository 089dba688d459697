// `cli history` as a user runs it: a real process against a history file made by the store.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CliFailure, EXIT } from '../../src/cli/exit-codes';
import { runHistory } from '../../src/cli/history';
import { HistoryStore } from '../../src/main/history/history-store';
import { tempHistoryDir } from '../support/history';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

const tmp = tempHistoryDir();
const T0 = Date.UTC(2025, 0, 2, 10, 0, 0);

function cli(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    // TZ pins the local times the CLI prints.
    const proc = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'history', ...args], { env: { ...process.env, TZ: 'UTC', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    proc.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    proc.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
const db = (...args: string[]): Promise<Run> => cli([...args, '--db', tmp.file]);

beforeAll(() => {
  const store = HistoryStore.open(tmp.file);
  const paris = store.startConversation(null, T0);
  store.appendTurn(paris, { role: 'user', kind: 'voice', text: 'What is the weather in Paris?', status: 'done', startedAt: T0 + 1000, completedAt: T0 + 2000 });
  store.appendTurn(paris, { role: 'assistant', kind: 'voice', text: 'Sunny in Paris,\naround 20 degrees.', status: 'truncated', truncatedAtMs: 2400, startedAt: T0 + 3000, completedAt: T0 + 6000 });
  const milk = store.startConversation('Shopping', T0 + 60_000);
  store.appendTurn(milk, { role: 'user', kind: 'text', text: 'Remind me to buy "oat" milk*', status: 'done', startedAt: T0 + 61_000, completedAt: T0 + 62_000 });
  const gone = store.startConversation('Deleted one', T0);
  store.delete(gone);
  store.close();
});
afterAll(() => tmp.remove());

describe('cli history', () => {
  it('lists conversations newest first with their turn counts', async () => {
    const run = await db('list');
    expect(run).toEqual({
      code: 0,
      stderr: '',
      stdout: ['    ID  UPDATED           TURNS  TITLE', '     2  2025-01-02 10:01      1  Shopping', '     1  2025-01-02 10:00      2  What is the weather in Paris?', ''].join('\n'),
    });
    expect((await db('list', '--limit', '1', '--offset', '1')).stdout).toMatch(/\n {5}1 .*Paris\?\n$/);
  });

  it('shows one conversation turn by turn', async () => {
    const run = await db('show', '1');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      [
        'What is the weather in Paris?  (conversation 1, started 2025-01-02 10:00, 2 turns)',
        '',
        '[2025-01-02 10:00:01] You (spoken):',
        '    What is the weather in Paris?',
        '[2025-01-02 10:00:03] Assistant (spoken, cut off at 2.4 s):',
        '    Sunny in Paris,',
        '    around 20 degrees.',
        '',
      ].join('\n'),
    );
  });

  it('searches literally, with the matches marked', async () => {
    const run = await db('search', 'paris');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('1#2  2025-01-02 10:00  Assistant in "What is the weather in Paris?"\n    Sunny in «Paris», around 20 degrees.\n');
    expect(run.stdout).toContain('1#1  2025-01-02 10:00  You in "What is the weather in Paris?"\n    What is the weather in «Paris»?\n');
    const syntax = await db('search', '"oat" milk*');
    expect(syntax).toMatchObject({ code: 0, stderr: '' });
    expect(syntax.stdout).toContain('Remind me to buy "«oat»" «milk»*');
    expect((await db('search', 'deleted')).stdout).toBe('No turn matches.\n');
  });

  it('exports one conversation as Markdown and all of them as JSON', async () => {
    const md = await db('export', '2');
    expect(md.code).toBe(0);
    expect(md.stdout).toContain('# Shopping\n');
    expect(md.stdout).toContain('**You** · 2025-01-02 10:01:01 UTC · typed\n\nRemind me to buy "oat" milk*\n');
    const json = await db('export', '--all', '--format', 'json');
    expect(json.code).toBe(0);
    const doc = JSON.parse(json.stdout) as { format: string; version: number; conversations: { id: number; turns: unknown[] }[] };
    expect(doc).toMatchObject({ format: 'voice-assistant-history', version: 1 });
    expect(doc.conversations.map((c) => [c.id, c.turns.length])).toEqual([
      [1, 2],
      [2, 1],
    ]);
  });

  it('exits 1 with one plain line for a conversation that is not there', async () => {
    expect(await db('show', '99')).toEqual({ code: 1, stdout: '', stderr: 'There is no conversation 99 in the history.\n' });
  });

  // Argument checks in-process: the exit code mapping of CliFailure is covered by the run above.
  it.each([
    [['show', 'abc'], /conversation's number/],
    [['export'], /one conversation number or --all/],
    [['export', '1', '--all'], /one conversation number or --all/],
    [['export', '1', '--format', 'pdf'], /--format must be one of md, json/],
    [['search', '  '], /What should be searched for/],
    [['list', '--limit', '0'], /--limit must be a whole number/],
    [['frobnicate'], /Unknown history command "frobnicate"/],
    [[], /Which history command/],
    [['list', '--nope'], /Unknown option '--nope'/],
  ])('refuses %j with a plain message and exit 1', (args, message) => {
    const out = new PassThrough();
    let error: unknown;
    try {
      runHistory([...args, '--db', tmp.file], {}, out);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CliFailure);
    expect((error as CliFailure).exitCode).toBe(EXIT.other);
    expect((error as Error).message).toMatch(message);
    expect(out.read()).toBeNull();
  });

  it('says so when there is no history yet, without creating one', async () => {
    const missing = join(tmp.dir, 'nowhere', 'history.sqlite');
    expect(await cli(['list', '--db', missing])).toEqual({ code: 0, stdout: `No history yet (${missing}).\n`, stderr: '' });
    expect((await cli(['show', '1', '--db', missing])).code).toBe(1);
    expect(existsSync(join(tmp.dir, 'nowhere'))).toBe(false);
  });

  it('reads the desktop app’s file by default', async () => {
    const run = await cli(['list'], { XDG_CONFIG_HOME: join(tmp.dir, 'config') });
    expect(run.stdout).toBe(`No history yet (${join(tmp.dir, 'config', 'Voice Assistant', 'history.sqlite')}).\n`);
  });
});
