// Continuing a stored conversation: the real core (offline demo, fake audio) against the simulator over
// loopback. Two turns are said and stored, the window starts a new conversation, then continues the first:
// its turns are shown again (restored), a new server session is given them as context, and what follows is
// added to the same stored conversation, nothing recorded twice.
import { afterEach, describe, expect, it } from 'vitest';
import { CONTINUE_NOTE } from '../../../src/main/assistant/context-replay';
import { HistoryStore } from '../../../src/main/history/history-store';
import type { Turn } from '../../../src/shared/domain';
import { closeAllApps, startDemoApp, type AppHarness } from '../../support/app-harness';
import { waitUntil } from '../../support/wait';

afterEach(closeAllApps);

const WAIT_MS = 20_000;

async function typedTurn(h: AppHarness, text: string): Promise<void> {
  await h.request('sendText', { text });
  await waitUntil(() => h.events.some((e) => e.name === 'turn' && (e.payload as Turn).role === 'assistant' && (e.payload as Turn).status === 'done' && (e.payload as Turn).text === `You said: ${text}`), WAIT_MS, `the answer to "${text}"`);
}

function itemTexts(received: Record<string, unknown>[]): { role: string; text: string }[] {
  return received
    .filter((e) => e.type === 'conversation.item.create')
    .map((e) => e.item as { role: string; content: { text?: string }[] })
    .map((item) => ({ role: item.role, text: item.content[0]?.text ?? '' }));
}

describe('continuing a conversation from the history', () => {
  it('shows its turns, gives a new session them as context and adds what follows to the same conversation', async () => {
    const history = HistoryStore.open(':memory:');
    const h = await startDemoApp({ history });
    const sim = h.servers[0]!;
    await typedTurn(h, 'My cat is called Juniper.');
    await typedTurn(h, 'She is three years old.');
    await waitUntil(() => history.listConversations({ limit: 5, offset: 0 })[0]?.turnCount === 4, WAIT_MS, 'four stored turns');
    const [first] = history.listConversations({ limit: 5, offset: 0 });

    await h.request('clearConversation', undefined);
    await typedTurn(h, 'Something else entirely.');
    await waitUntil(() => history.listConversations({ limit: 5, offset: 0 }).length === 2, WAIT_MS, 'a second conversation');

    const sessions = sim.connections().length;
    const events = h.events.length;
    expect(await h.request('continueConversation', { id: first!.id })).toEqual({ turns: 4 });

    // The window is told which conversation goes on, then gets its turns, marked restored.
    const after = h.events.slice(events);
    expect(after[0]).toEqual({ name: 'conversationReset', payload: { continues: first!.id } });
    const shown = ((await h.request('getConversation', undefined)) as { turns: Turn[] }).turns;
    expect(shown.map((t) => [t.role, t.text, t.restored])).toEqual([
      ['user', 'My cat is called Juniper.', true],
      ['assistant', 'You said: My cat is called Juniper.', true],
      ['user', 'She is three years old.', true],
      ['assistant', 'You said: She is three years old.', true],
    ]);

    // A new server session, given the stored turns (and not the other conversation) as context, and no reply.
    await waitUntil(() => sim.connections().length === sessions + 1 && h.connection() === 'open', WAIT_MS, 'a new session');
    // connections() is a snapshot: read it again until the replay is in.
    const fresh = (): Record<string, unknown>[] => sim.connections().at(-1)!.received;
    await waitUntil(() => itemTexts(fresh()).length === 5, WAIT_MS, 'the replay');
    expect(itemTexts(fresh())).toEqual([
      { role: 'system', text: CONTINUE_NOTE },
      { role: 'user', text: 'My cat is called Juniper.' },
      { role: 'assistant', text: 'You said: My cat is called Juniper.' },
      { role: 'user', text: 'She is three years old.' },
      { role: 'assistant', text: 'You said: She is three years old.' },
    ]);
    expect(fresh().some((e) => e.type === 'response.create')).toBe(false);

    await typedTurn(h, 'What is her name?');
    await waitUntil(() => history.getConversation(first!.id)?.turns.length === 6, WAIT_MS, 'the new turns in the continued conversation');
    expect(history.getConversation(first!.id)!.turns.map((t) => t.text)).toEqual([
      'My cat is called Juniper.',
      'You said: My cat is called Juniper.',
      'She is three years old.',
      'You said: She is three years old.',
      'What is her name?',
      'You said: What is her name?',
    ]);
    expect(history.listConversations({ limit: 5, offset: 0 })).toHaveLength(2);
    // Most recently used first.
    expect(history.listConversations({ limit: 5, offset: 0 })[0]!.id).toBe(first!.id);
  });

  it('says so plainly when the conversation is not in the history', async () => {
    const h = await startDemoApp({ history: HistoryStore.open(':memory:') });
    await expect(h.request('continueConversation', { id: 999 })).rejects.toThrow(/no conversation 999/);
  });

  it('says so plainly when history is off', async () => {
    const h = await startDemoApp({ history: null });
    await expect(h.request('continueConversation', { id: 1 })).rejects.toThrow(/History is off/);
  });
});
