// `history`: the conversation history on the command line — list, show, search, export and usage — reading the
// same file as the desktop app unless --db names another.
import { existsSync } from 'node:fs';
import type { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { exportJson, exportMarkdown } from '../main/history/export';
import { HistoryStore } from '../main/history/history-store';
import { defaultHistoryFile } from '../main/history/paths';
import type { Conversation, StoredTurn } from '../main/history/types';
import { lastDays, usageByDay } from '../main/history/usage-by-day';
import { USAGE_DAYS_DEFAULT, USAGE_DAYS_MAX } from '../shared/history';
import { oneOf } from './connection-options';
import { CliFailure, EXIT, UsageError } from './exit-codes';
import { usageTable } from './history-usage';
import { errorText } from '../shared/error-text';

export const HISTORY_USAGE = `  cli history list [--limit N] [--offset N]
  cli history show ID
  cli history search TEXT [--limit N]
  cli history export ID|--all [--format md|json]
  cli history usage [--days N] [--json]   tokens and cost per day over the last N days (default ${USAGE_DAYS_DEFAULT})
  history options: --db FILE (default: the desktop app's, ${defaultHistoryFile()})`;

const FORMATS = ['md', 'json'] as const;

function parseHistoryArgs(args: string[]) {
  try {
    return parseArgs({
      args,
      allowPositionals: true,
      options: {
        db: { type: 'string' },
        limit: { type: 'string' },
        offset: { type: 'string' },
        all: { type: 'boolean' },
        format: { type: 'string' },
        days: { type: 'string' },
        json: { type: 'boolean' },
      },
    });
  } catch (error) {
    throw new UsageError(`${errorText(error)}\nusage:\n${HISTORY_USAGE}`);
  }
}

function count(flag: string, text: string | undefined, fallback: number, min: number, max = 100_000): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`--${flag} must be a whole number from ${min} to ${max}.`);
  return n;
}

function conversationId(text: string | undefined): number {
  const id = Number(text);
  if (text === undefined || !/^\d+$/.test(text) || !Number.isSafeInteger(id)) throw new UsageError(`Give the conversation's number, as "history list" shows it${text === undefined ? '' : `, not "${text}"`}.`);
  return id;
}

/** Local time, to the minute or second: what a person compares with their own clock. */
function localTime(ms: number, seconds = false): string {
  const d = new Date(ms);
  const p = (n: number): string => String(n).padStart(2, '0');
  const time = `${p(d.getHours())}:${p(d.getMinutes())}${seconds ? `:${p(d.getSeconds())}` : ''}`;
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${time}`;
}

const who = (role: StoredTurn['role']): string => (role === 'user' ? 'You' : 'Assistant');

function turnLine(t: StoredTurn): string {
  const notes = [t.kind === 'voice' ? 'spoken' : 'typed'];
  if (t.status === 'cancelled') notes.push('cancelled');
  if (t.status === 'truncated') notes.push(t.truncatedAtMs === null ? 'cut off' : `cut off at ${(t.truncatedAtMs / 1000).toFixed(1)} s`);
  const text = t.text.trim() === '' ? '(no words)' : t.text.replace(/\n/g, '\n    ');
  return `[${localTime(t.startedAt, true)}] ${who(t.role)} (${notes.join(', ')}):\n    ${text}\n`;
}

function showConversation(c: Conversation, out: Writable): void {
  out.write(`${c.title ?? 'Untitled'}  (conversation ${c.id}, started ${localTime(c.createdAt)}, ${c.turns.length} turn${c.turns.length === 1 ? '' : 's'})\n\n`);
  for (const t of c.turns) out.write(turnLine(t));
}

function required(store: HistoryStore, id: number): Conversation {
  const conversation = store.getConversation(id);
  if (!conversation) throw new CliFailure(`There is no conversation ${id} in the history.`, EXIT.other);
  return conversation;
}

/** `now` is the clock the last N days are counted back from. */
export function runHistory(args: string[], env: NodeJS.ProcessEnv, out: Writable, now: () => number = Date.now): number {
  const { values, positionals } = parseHistoryArgs(args);
  const [sub, ...rest] = positionals;
  if (!sub || !['list', 'show', 'search', 'export', 'usage'].includes(sub)) {
    throw new UsageError(`${sub ? `Unknown history command "${sub}".` : 'Which history command?'}\nusage:\n${HISTORY_USAGE}`);
  }
  const file = values.db ?? defaultHistoryFile(env);
  const format = oneOf('format', values.format, FORMATS) ?? 'md';
  if (sub === 'search' && rest.join(' ').trim() === '') throw new UsageError('What should be searched for? e.g. history search "weather in Paris"');
  if (sub === 'export' && (values.all === true) === (rest[0] !== undefined)) throw new UsageError('history export takes one conversation number or --all.');
  const id = sub === 'show' || (sub === 'export' && !values.all) ? conversationId(rest[0]) : null;
  if (sub === 'usage' && rest.length > 0) throw new UsageError('history usage takes no argument: give the number of days as --days N.');
  const span = count('days', values.days, USAGE_DAYS_DEFAULT, 1, USAGE_DAYS_MAX);

  // Reading must not create an empty history (and its folder) where the app has not written one yet.
  if (!existsSync(file)) {
    if (id !== null) throw new CliFailure(`There is no conversation ${id}: no history at ${file} yet.`, EXIT.other);
    if (sub === 'export') out.write(format === 'json' ? exportJson([]) : '');
    else if (sub === 'usage' && values.json) out.write('[]\n');
    else out.write(`No history yet (${file}).\n`);
    return EXIT.ok;
  }
  const store = HistoryStore.open(file);
  try {
    if (sub === 'list') {
      const list = store.listConversations({ limit: count('limit', values.limit, 50, 1), offset: count('offset', values.offset, 0, 0) });
      if (list.length === 0) out.write('No conversations.\n');
      else out.write(`${'ID'.padStart(6)}  ${'UPDATED'.padEnd(16)}  ${'TURNS'.padStart(5)}  TITLE\n`);
      for (const c of list) out.write(`${String(c.id).padStart(6)}  ${localTime(c.updatedAt)}  ${String(c.turnCount).padStart(5)}  ${c.title ?? 'Untitled'}\n`);
    } else if (sub === 'show') {
      showConversation(required(store, id!), out);
    } else if (sub === 'search') {
      const hits = store.search(rest.join(' '), { limit: count('limit', values.limit, 20, 1) });
      if (hits.length === 0) out.write('No turn matches.\n');
      for (const h of hits) out.write(`${h.conversationId}#${h.seq}  ${localTime(h.startedAt)}  ${who(h.role)} in "${h.conversationTitle ?? 'Untitled'}"\n    ${h.snippet.replace(/\n/g, ' ')}\n`);
    } else if (sub === 'usage') {
      const days = usageByDay(store, lastDays(span, now()));
      out.write(values.json ? `${JSON.stringify(days, null, 2)}\n` : usageTable(days, span));
    } else {
      const conversations = id === null ? store.allConversations() : [required(store, id)];
      out.write(format === 'json' ? exportJson(conversations) : exportMarkdown(conversations));
    }
    return EXIT.ok;
  } finally {
    store.close();
  }
}
