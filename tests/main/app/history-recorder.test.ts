// The conversation as the history keeps it: the recorder alone on synthetic turns, then the real core (the
// offline demo) writing a typed exchange to a real database file.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HistoryRecorder } from '../../../src/main/app/history-recorder';
import { HistoryStore } from '../../../src/main/history/history-store';
import type { Turn } from '../../../src/shared/domain';
import { closeAllApps, startDemoApp } from '../../support/app-harness';
import { waitUntil } from '../../support/wait';

afterEach(closeAllApps);

const turn = (over: Partial<Turn> & Pick<Turn, 'id' | 'role'>): Turn => ({ kind: 'text', text: '', status: 'done', createdAt: 1000, ...over });

describe('HistoryRecorder', () => {
  it('records each turn once it completes, revises one that changes after, and starts a new conversation after a reset', () => {
    const store = HistoryStore.open(':memory:');
    const failures: string[] = [];
    const recorder = new HistoryRecorder(store, (m) => failures.push(m), () => 5000);
    recorder.event('turn', turn({ id: 'u1', role: 'user', text: 'What is the weather?' }));
    recorder.event('turn', turn({ id: 'a1', role: 'assistant', kind: 'audio', text: 'Sunny', status: 'in_progress' }));
    expect(store.listConversations()).toHaveLength(1);
    expect(store.getConversation(store.listConversations()[0]!.id)!.turns).toHaveLength(1); // in progress: not yet
    recorder.event('turn', turn({ id: 'a1', role: 'assistant', kind: 'audio', text: 'Sunny and mild all day', status: 'done' }));
    recorder.event('turn', turn({ id: 'a1', role: 'assistant', kind: 'audio', text: 'Sunny and mild all day', status: 'done' })); // a repeat
    // A barge-in after the reply was complete: the same turn, cut at what was heard.
    recorder.event('turn', turn({ id: 'a1', role: 'assistant', kind: 'audio', text: 'Sunny and', status: 'truncated', audioMs: 800 }));
    const first = store.getConversation(store.listConversations()[0]!.id)!;
    expect(first.title).toBe('What is the weather?');
    expect(first.turns.map((t) => [t.role, t.kind, t.text, t.status, t.truncatedAtMs])).toEqual([
      ['user', 'text', 'What is the weather?', 'done', null],
      ['assistant', 'voice', 'Sunny and', 'truncated', 800],
    ]);
    expect(store.search('mild')).toEqual([]); // the index follows the revision

    recorder.event('conversationReset', {});
    recorder.event('turn', turn({ id: 'u2', role: 'user', text: 'New topic' }));
    expect(store.listConversations().map((c) => c.title)).toEqual(['New topic', 'What is the weather?']);
    expect(failures).toEqual([]);
  });

  it('says once, in plain words, when the history cannot be written, and the conversation goes on', () => {
    const store = HistoryStore.open(':memory:');
    store.close();
    const failures: string[] = [];
    const recorder = new HistoryRecorder(store, (m) => failures.push(m));
    recorder.event('turn', turn({ id: 'u1', role: 'user', text: 'one' }));
    recorder.event('turn', turn({ id: 'u2', role: 'user', text: 'two' }));
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatch(/^History could not be saved \(.+\)\. The conversation goes on/);
  });
});

describe('the core records the conversation', () => {
  let dir: string | null = null;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
    dir = null;
  });

  it('a typed question and its answer are in the history file when the answer is done', async () => {
    dir = await mkdtemp(join(tmpdir(), 'core-history-'));
    const file = join(dir, 'history.sqlite');
    const h = await startDemoApp({ history: HistoryStore.open(file) });
    await h.request('sendText', { text: 'Remember this sentence, please.' });
    const done = (): boolean => h.events.some((e) => e.name === 'turn' && (e.payload as Turn).role === 'assistant' && (e.payload as Turn).status === 'done');
    await waitUntil(done, 10_000, 'the answer');
    // Another connection to the same file, as the CLI would open it.
    const reader = HistoryStore.open(file);
    try {
      const [conversation] = reader.listConversations();
      expect(conversation?.title).toBe('Remember this sentence, please.');
      const turns = reader.getConversation(conversation!.id)!.turns;
      expect(turns.map((t) => t.role)).toEqual(['user', 'assistant']);
      expect(turns[1]!.text.length).toBeGreaterThan(0);
    } finally {
      reader.close();
    }
  });
});
