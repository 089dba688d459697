// `cli history` as a user runs it: a real process against a history file made by the store.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CliFailure, EXIT } from '../../src/cli/exit-codes';
import { HISTORY_USAGE, runHistory } from '../../src/cli/history';
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
    [['usage', '--days', '0'], /--days must be a whole number from 1 to 366/],
    [['usage', '--days', '367'], /--days must be a whole number from 1 to 366/],
    [['usage', '7'], /history usage takes no argument: give the number of days as --days N/],
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

describe('cli history usage', () => {
  const usageDb = tempHistoryDir();
  // Local times, as the days are the reader's calendar days; `now` is handed in.
  const local = (month: number, day: number, hours: number): number => new Date(2025, month - 1, day, hours).getTime();
  const NOW = local(3, 10, 12);
  const justNow = Date.now() - 60_000;

  beforeAll(() => {
    const store = HistoryStore.open(usageDb.file);
    const id = store.startConversation(null, local(2, 1, 8));
    const reply = (completedAt: number, usage: object): void =>
      void store.appendTurn(id, { role: 'assistant', kind: 'voice', text: 'Answer', status: 'done', startedAt: completedAt - 1000, completedAt, usage });
    store.appendTurn(id, { role: 'user', kind: 'voice', text: 'Question', status: 'done', startedAt: local(3, 9, 9), completedAt: local(3, 9, 10) });
    reply(local(2, 1, 9), { inputTokens: 9, outputTokens: 9, costUsd: 9 }); // before the last 30 days
    reply(local(3, 9, 10), { inputTokens: 1200, outputTokens: 300, cachedTokens: 1000, costUsd: 0.0123 });
    reply(local(3, 10, 9), { inputTokens: 100, outputTokens: 40, costUsd: 0.001 });
    reply(local(3, 10, 11), { inputTokens: 50, outputTokens: 5 }); // a model without a price
    reply(justNow, { inputTokens: 3, outputTokens: 2, costUsd: 0.25 });
    store.close();
  });
  afterAll(() => usageDb.remove());

  const usage = (...args: string[]): string => {
    const out = new PassThrough();
    expect(runHistory(['usage', ...args, '--db', usageDb.file], {}, out, () => NOW)).toBe(EXIT.ok);
    return String(out.read() ?? '');
  };

  it('prints a table of the last 30 days, oldest first, with the unpriced responses and a totals line', () => {
    expect(usage()).toBe(
      [
        'DAY         RESPONSES  INPUT TOK  OUTPUT TOK  CACHED     COST',
        '2025-03-09          1       1200         300    1000  $0.0123',
        '2025-03-10          2        150          45       0  $0.0010  1 unpriced',
        'TOTAL               3       1350         345    1000  $0.0133  1 unpriced',
        '',
      ].join('\n'),
    );
    expect(usage('--days', '40')).toMatch(/^2025-02-01 +1 +9 +9 +0 +\$9\.0000\n/m);
    expect(usage('--days', '1').split('\n')[1]).toMatch(/^2025-03-10 /);
  });

  it('prints the days as JSON with --json', () => {
    expect(JSON.parse(usage('--days', '1', '--json'))).toEqual([
      { day: '2025-03-10', responses: 2, inputTokens: 150, outputTokens: 45, cachedTokens: 0, costUsd: 0.001, unpriced: 1 },
    ]);
  });

  it('says so when nothing was used in those days', () => {
    const out = new PassThrough();
    runHistory(['usage', '--days', '3', '--db', usageDb.file], {}, out, () => local(6, 1, 12));
    expect(String(out.read())).toBe('No usage recorded in the last 3 days.\n');
    runHistory(['usage', '--json', '--db', usageDb.file], {}, out, () => local(6, 1, 12));
    expect(String(out.read())).toBe('[]\n');
  });

  it('runs as a command, counting a turn written a minute ago', async () => {
    const run = await cli(['usage', '--days', '2', '--json', '--db', usageDb.file]);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    // TZ is UTC in the child, so its day is the UTC one.
    expect(JSON.parse(run.stdout)).toContainEqual({ day: new Date(justNow).toISOString().slice(0, 10), responses: 1, inputTokens: 3, outputTokens: 2, cachedTokens: 0, costUsd: 0.25, unpriced: 0 });
    const missing = join(usageDb.dir, 'nowhere.sqlite');
    expect(await cli(['usage', '--json', '--db', missing])).toEqual({ code: 0, stdout: '[]\n', stderr: '' });
  });

  it('is in the usage text', () => {
    expect(HISTORY_USAGE).toContain('cli history usage [--days N] [--json]');
  });
});
