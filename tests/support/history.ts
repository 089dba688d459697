// Shared pieces of the history tests: a private folder per test, and turns with sensible defaults.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NewTurn } from '../../src/main/history/types';

/** A fresh folder for one test's history file; `remove` deletes it and everything SQLite put beside it. */
export function tempHistoryDir(): { dir: string; file: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'history-test-'));
  return { dir, file: join(dir, 'history.sqlite'), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

let clock = Date.UTC(2025, 0, 2, 10, 0, 0);

/** A completed turn; each call is one second after the previous one unless the times are given. */
export function newTurn(over: Partial<NewTurn> = {}): NewTurn {
  clock += 1000;
  return { role: 'user', kind: 'text', text: 'hello there', status: 'done', startedAt: clock - 500, completedAt: clock, ...over };
}

/**
 * The text of turn `seq` in the crash test's conversation `conversation`: derived from both, so a turn read
 * back can be checked whole. Lengths vary up to a few KiB so that turns span pages and WAL frames.
 */
export function crashTurnText(conversation: number, seq: number): string {
  const filler = 'Grüße, 東京, «quote» and words '.repeat((seq * 7919) % 150);
  return `conversation ${conversation} turn ${seq}: ${filler}end ${seq}`;
}
