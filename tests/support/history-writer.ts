// The crash test's child: appends turns to a history file as fast as it can until it is killed. It prints
// "conversation <id>" once, then each turn's seq after its transaction has committed, so the parent knows a
// lower bound of what must be in the file. Run: node --import tsx tests/support/history-writer.ts FILE
import { writeSync } from 'node:fs';
import { HistoryStore } from '../../src/main/history/history-store';
import { crashTurnText } from './history';

/** stdout may be a non-blocking pipe: retry instead of losing a line (the parent relies on every one). */
function say(line: string): void {
  const bytes = Buffer.from(`${line}\n`);
  for (let done = 0; done < bytes.length; ) {
    try {
      done += writeSync(1, bytes, done);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
    }
  }
}

const store = HistoryStore.open(process.argv[2]!);
const conversation = store.startConversation();
say(`conversation ${conversation}`);
for (let seq = 1; ; seq++) {
  const at = Date.now();
  const turn = store.appendTurn(conversation, {
    role: seq % 2 ? 'user' : 'assistant',
    kind: seq % 3 ? 'voice' : 'text',
    text: crashTurnText(conversation, seq),
    status: seq % 5 ? 'done' : 'truncated',
    truncatedAtMs: seq % 5 ? null : seq,
    startedAt: at,
    completedAt: at,
    usage: { totalTokens: seq },
  });
  say(String(turn.seq));
}
