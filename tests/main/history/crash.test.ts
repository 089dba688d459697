// Done-when of the history: a writer killed with SIGKILL at a random moment, over and over, never loses a
// committed turn and never leaves a torn one. Each round kills a fresh writer on the same file, so every
// round also replays the WAL left by the previous kill and checks the earlier rounds' turns are still whole.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, describe, expect, it } from 'vitest';
import { HistoryStore } from '../../../src/main/history/history-store';
import { crashTurnText, tempHistoryDir } from '../../support/history';

const ROUNDS = 12;
const tmp = tempHistoryDir();
afterAll(() => tmp.remove());

interface Round {
  conversation: number;
  reported: number;
  killAfterMs: number;
}

async function killWriterMidStream(): Promise<Round> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'tests/support/history-writer.ts', tmp.file], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const killAfterMs = 50 + Math.floor(Math.random() * 250);
  let timer: NodeJS.Timeout | undefined;
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
    // The random delay runs from the first committed turn, not from the spawn (tsx takes a while to start).
    if (!timer && /^conversation \d+\n\d+\n/.test(out)) timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
  });
  const [code, signal] = (await once(child, 'close')) as [number | null, NodeJS.Signals | null];
  clearTimeout(timer);
  if (signal !== 'SIGKILL') throw new Error(`writer ended by itself (code ${code}): ${err}`);
  const lines = out.split('\n');
  // The last line may be cut mid-write by the kill: only whole lines count.
  const whole = lines.slice(0, -1);
  const conversation = Number(/^conversation (\d+)$/.exec(whole[0] ?? '')?.[1]);
  const seqs = whole.slice(1).map(Number);
  seqs.forEach((seq, i) => expect(seq).toBe(i + 1));
  return { conversation, reported: seqs.length, killAfterMs };
}

describe('history under SIGKILL', () => {
  it(`keeps every committed turn whole across ${ROUNDS} kills mid-write`, { timeout: 60_000 }, async () => {
    const stored = new Map<number, number>();
    for (let round = 0; round < ROUNDS; round++) {
      const { conversation, reported, killAfterMs } = await killWriterMidStream();
      const store = HistoryStore.open(tmp.file);
      try {
        const context = `round ${round}, killed ${killAfterMs} ms after the first turn, ${reported} reported`;
        expect(store.db.pragma('integrity_check', { simple: true }), context).toBe('ok');
        store.db.prepare("INSERT INTO turns_fts (turns_fts) VALUES ('integrity-check')").run();
        const turns = store.getConversation(conversation)!.turns;
        // Everything reported is there; at most the one turn committed before its line was written is extra.
        expect(turns.length, context).toBeGreaterThanOrEqual(reported);
        expect(turns.length, context).toBeLessThanOrEqual(reported + 1);
        turns.forEach((t, i) => {
          expect(t.seq).toBe(i + 1);
          expect(t.text).toBe(crashTurnText(conversation, t.seq));
          expect(t.usage).toEqual({ totalTokens: t.seq });
        });
        expect(store.search(`end ${turns.length}`).some((h) => h.conversationId === conversation && h.seq === turns.length), context).toBe(true);
        stored.set(conversation, turns.length);
        // Earlier rounds' conversations are exactly as they were verified.
        for (const [id, count] of stored) expect(store.getConversation(id)!.turnCount, `conversation ${id} after ${context}`).toBe(count);
      } finally {
        store.close();
      }
    }
    expect([...stored.values()].every((n) => n > 0)).toBe(true);
  });
});
