// The conversation as the history keeps it: the recorder alone on synthetic turns, then the real core (the
// offline demo) writing a typed exchange to a real database file.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HistoryRecorder } from '../../../src/main/app/history-recorder';
import { HistoryStore } from '../../../src/main/history/history-store';
import type { StoredTurn } from '../../../src/main/history/types';
import { SettingsService } from '../../../src/main/settings/settings-service';
import type { Turn } from '../../../src/shared/domain';
import type { TurnFigures } from '../../../src/shared/turn-figures';
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

  it('tells after each write, and only after a write (not for a repeat, a turn in progress or a failure)', () => {
    const store = HistoryStore.open(':memory:');
    let changes = 0;
    const recorder = new HistoryRecorder(store, () => {}, () => 5000, () => (changes += 1));
    recorder.event('turn', turn({ id: 'u1', role: 'user', text: 'Hello' }));
    expect(changes).toBe(1);
    recorder.event('turn', turn({ id: 'a1', role: 'assistant', text: 'Hi', status: 'in_progress' }));
    expect(changes).toBe(1);
    recorder.event('turn', turn({ id: 'a1', role: 'assistant', text: 'Hi there', status: 'done' }));
    recorder.event('turn', turn({ id: 'a1', role: 'assistant', text: 'Hi there', status: 'done' }));
    expect(changes).toBe(2);
    recorder.event('turn', turn({ id: 'a1', role: 'assistant', text: 'Hi', status: 'truncated', audioMs: 300 }));
    expect(changes).toBe(3);
    recorder.event('conversationReset', {});
    expect(changes).toBe(3);
    store.close();
    recorder.event('turn', turn({ id: 'u2', role: 'user', text: 'Lost' }));
    expect(changes).toBe(3);
  });

  it('goes on in a continued conversation, without recording its restored turns again', () => {
    const store = HistoryStore.open(':memory:');
    const recorder = new HistoryRecorder(store, () => {}, () => 5000);
    recorder.event('turn', turn({ id: 'u1', role: 'user', text: 'First conversation' }));
    recorder.event('conversationReset', {});
    recorder.event('turn', turn({ id: 'u2', role: 'user', text: 'Second conversation' }));
    const firstId = store.listConversations().find((c) => c.title === 'First conversation')!.id;

    recorder.event('conversationReset', { continues: firstId });
    recorder.event('turn', turn({ id: 'history-1', role: 'user', text: 'First conversation', restored: true }));
    recorder.event('turn', turn({ id: 'u3', role: 'user', text: 'More of the first' }));
    expect(store.getConversation(firstId)!.turns.map((t) => t.text)).toEqual(['First conversation', 'More of the first']);
    expect(store.listConversations()).toHaveLength(2);
  });

  it('starts a new conversation when the current one was deleted from the history meanwhile', () => {
    const store = HistoryStore.open(':memory:');
    const failures: string[] = [];
    const recorder = new HistoryRecorder(store, (m) => failures.push(m), () => 5000);
    recorder.event('turn', turn({ id: 'u1', role: 'user', text: 'Forget this' }));
    const [first] = store.listConversations();
    store.delete(first!.id);
    recorder.event('turn', turn({ id: 'a1', role: 'assistant', text: 'Forgotten', status: 'done' }));
    recorder.event('turn', turn({ id: 'u2', role: 'user', text: 'Something new' }));
    expect(failures).toEqual([]);
    const [second] = store.listConversations();
    expect(second!.id).not.toBe(first!.id);
    expect(store.getConversation(second!.id)!.turns.map((t) => t.text)).toEqual(['Forgotten', 'Something new']);
    expect(store.getConversation(first!.id, { includeDeleted: true })!.turns.map((t) => t.text)).toEqual(['Forget this']);
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
    // An open history list hears of each write.
    expect(h.events.filter((e) => e.name === 'historyChanged').length).toBeGreaterThanOrEqual(2);
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

describe('the response figures in the history', () => {
  const figures = (over: Partial<TurnFigures> = {}): TurnFigures => ({
    turnId: 'a1',
    responseId: 'resp1',
    model: 'gpt-realtime',
    latency: { releaseToCommitMs: 0.2, commitToCreatedMs: 60, createdToFirstDeltaMs: 240, firstDeltaToAudibleMs: null, totalMs: null },
    usage: { inputTokens: 900, outputTokens: 120, cachedTokens: 512 },
    costUsd: 0.0123,
    conversationCostUsd: 0.0123,
    ...over,
  });

  it('a turn recorded before its figures arrive is revised with them; the known stages and the cost are kept', () => {
    const store = HistoryStore.open(':memory:');
    const writes: number[] = [];
    const recorder = new HistoryRecorder(store, () => undefined, () => 5000, () => writes.push(1));
    recorder.event('turn', turn({ id: 'u1', role: 'user', text: 'Hello' }));
    recorder.event('turn', turn({ id: 'a1', role: 'assistant', kind: 'audio', text: 'Hi there', status: 'done' }));
    recorder.event('turnFigures', figures());
    const stored = (): StoredTurn => store.getConversation(store.listConversations()[0]!.id)!.turns[1]!;
    expect(stored().usage).toEqual({ inputTokens: 900, outputTokens: 120, cachedTokens: 512, costUsd: 0.0123 });
    expect(stored().latency).toEqual({ releaseToCommitMs: 0.2, commitToCreatedMs: 60, createdToFirstDeltaMs: 240 });
    expect(writes).toHaveLength(3);
    // A barge-in afterwards revises the text and keeps the figures.
    recorder.event('turn', turn({ id: 'a1', role: 'assistant', kind: 'audio', text: 'Hi', status: 'truncated', audioMs: 300 }));
    expect(stored()).toMatchObject({ text: 'Hi', status: 'truncated', usage: { costUsd: 0.0123 }, latency: { commitToCreatedMs: 60 } });
  });

  it('figures that come first are stored with the turn when it completes; a response without a turn changes nothing', () => {
    const store = HistoryStore.open(':memory:');
    const recorder = new HistoryRecorder(store, () => undefined, () => 5000);
    recorder.event('turnFigures', figures({ turnId: null }));
    recorder.event('turnFigures', figures({ costUsd: null, usage: null }));
    expect(store.listConversations()).toEqual([]);
    recorder.event('turn', turn({ id: 'a1', role: 'assistant', text: 'Done', status: 'done' }));
    const [t] = store.getConversation(store.listConversations()[0]!.id)!.turns;
    expect(t!.usage).toBeNull();
    expect(t!.latency).toEqual({ releaseToCommitMs: 0.2, commitToCreatedMs: 60, createdToFirstDeltaMs: 240 });
  });

  it('the core stores the demo answer’s tokens, latency and cost, priced from Settings', async () => {
    const store = HistoryStore.open(':memory:');
    const settings = new SettingsService({ store: {} });
    const price = { validFrom: '2026-01-01', textInput: 5, cachedTextInput: 0.5, textOutput: 20, audioInput: 40, cachedAudioInput: 0.5, audioOutput: 80 };
    settings.update({ prices: { 'sim-realtime': price } });
    const h = await startDemoApp({ history: store, settings });
    await h.request('sendText', { text: 'What does this cost?' });
    await waitUntil(() => h.events.some((e) => e.name === 'turnFigures'), 10_000, 'the figures of the answer');
    const sent = h.events.find((e) => e.name === 'turnFigures')!.payload as TurnFigures;
    expect(sent).toMatchObject({ model: 'sim-realtime', costUsd: expect.any(Number) });
    expect(sent.costUsd).toBeGreaterThan(0);
    expect(sent.latency.commitToCreatedMs).toEqual(expect.any(Number));
    const turns = store.getConversation(store.listConversations()[0]!.id)!.turns;
    expect(turns[1]).toMatchObject({ role: 'assistant', usage: { outputTokens: sent.usage!.outputTokens, costUsd: sent.costUsd } });
    expect(turns[1]!.latency).toMatchObject({ commitToCreatedMs: sent.latency.commitToCreatedMs });
  });
});
