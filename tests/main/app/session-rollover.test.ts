// A conversation that outlives its server sessions: the real core (offline demo, fake audio) against the
// simulator over loopback, with its session cap and a dropped connection. Ten typed turns go through a session
// ended by the cap without warning (the reconnect path), sessions renewed before an announced cap at idle
// moments (the rollover), and a drop with a message typed while the connection is down. Every turn is in the
// conversation and the history exactly once, in order, and each new session was given the earlier turns.
import { afterEach, describe, expect, it } from 'vitest';
import { CONTINUE_NOTE } from '../../../src/main/assistant/context-replay';
import { HistoryStore } from '../../../src/main/history/history-store';
import type { Turn, UserFacingError } from '../../../src/shared/domain';
import { closeAllApps, startDemoApp, type AppHarness } from '../../support/app-harness';
import { waitUntil } from '../../support/wait';

afterEach(closeAllApps);

const WAIT_MS = 20_000;
const said = (i: number): string => `Turn ${i}: please remember the number ${100 + i * 7}.`;
const answer = (i: number): string => `You said: ${said(i)}`;

const turns = (h: AppHarness): Turn[] => {
  const latest = new Map<string, Turn>();
  for (const e of h.events) if (e.name === 'turn') latest.set((e.payload as Turn).id, e.payload as Turn);
  return [...latest.values()];
};
const answered = (h: AppHarness, i: number): boolean => turns(h).some((t) => t.role === 'assistant' && t.status === 'done' && t.text === answer(i));

async function typedTurn(h: AppHarness, i: number): Promise<void> {
  await h.request('sendText', { text: said(i) });
  await waitUntil(() => answered(h, i), WAIT_MS, `the answer to turn ${i}`);
}

const messages = (h: AppHarness, name: 'error' | 'notice'): string[] =>
  h.events.filter((e) => e.name === name).map((e) => (e.payload as UserFacingError).message);
const expiredCount = (h: AppHarness): number => messages(h, 'error').filter((m) => /maximum duration/.test(m)).length;

/** The texts of the conversation items a session was given (the replay), in order. */
function itemTexts(received: Record<string, unknown>[]): { role: string; text: string }[] {
  return received
    .filter((e) => e.type === 'conversation.item.create')
    .map((e) => e.item as { role: string; content: { text?: string }[] })
    .map((item) => ({ role: item.role, text: item.content[0]?.text ?? '' }));
}

describe('a conversation across server sessions', () => {
  it('ten typed turns through the session cap, renewals before it and a drop: every turn once, in order, and in the context', async () => {
    const history = HistoryStore.open(':memory:');
    const h = await startDemoApp({ history });
    const sim = h.servers[0]!;
    for (const i of [1, 2, 3]) await typedTurn(h, i);

    // From now on every session is capped at 4 s and announces it in session.created (expires_at). The
    // open session learned a 30-minute expiry when it began: the cap ends it unannounced (the reconnect path).
    sim.inject({ kind: 'session-cap', seconds: 4 });
    await waitUntil(() => expiredCount(h) === 1 && h.connection() === 'open', WAIT_MS, 'the capped session to be replaced');
    await typedTurn(h, 4);
    // Later sessions are renewed before their cap, at an idle moment: no error, no notice.
    const renewals = (): number => sim.connections().length - 1 - expiredCount(h);
    await waitUntil(() => renewals() >= 1, WAIT_MS, 'a renewal before the cap');
    await typedTurn(h, 5);
    await typedTurn(h, 6);
    const before7 = renewals();
    await waitUntil(() => renewals() > before7 && h.connection() === 'open', WAIT_MS, 'another renewal');
    await typedTurn(h, 7);
    expect(expiredCount(h)).toBe(1); // only the session that did not know its end met the cap

    // The cap is lifted; once a session has begun since, it is not renewed any more.
    const atLift = sim.connections().length;
    sim.inject({ kind: 'session-cap', seconds: 3600 });
    // Given its replay before the drop: what is still in flight when a connection dies is lost with it.
    const replayed = (): boolean => sim.connections().length > atLift && sim.connections().at(-1)!.received.some((e) => e.type === 'conversation.item.create');
    await waitUntil(() => replayed() && h.connection() === 'open', WAIT_MS, 'a session without the cap');

    // A dropped connection (no close frame), and a message typed while it is being restored.
    const notices = messages(h, 'notice').length;
    const beforeDrop = sim.connections().length;
    sim.inject({ kind: 'close', code: 1006 });
    await waitUntil(() => h.connection() === 'reconnecting', WAIT_MS, 'the reconnect to begin');
    await h.request('sendText', { text: said(8) });
    await waitUntil(() => answered(h, 8), WAIT_MS, 'the answer to turn 8, typed while reconnecting');
    expect(sim.connections()).toHaveLength(beforeDrop + 1);
    expect(messages(h, 'notice').slice(notices)).toEqual([expect.stringMatching(/dropped and a new session was opened/)]);
    await typedTurn(h, 9);
    await typedTurn(h, 10);

    // The conversation: every turn once, in the order said, each question followed by its answer.
    const conversation = ((await h.request('getConversation')) as { turns: Turn[] }).turns;
    expect(conversation.map((t) => [t.role, t.text, t.status])).toEqual(
      Array.from({ length: 10 }, (_, k) => [
        ['user', said(k + 1), 'done'],
        ['assistant', answer(k + 1), 'done'],
      ]).flat(),
    );
    expect(new Set(conversation.map((t) => t.id)).size).toBe(20);

    // The history: the same twenty turns, each once.
    const [stored, ...others] = history.listConversations();
    expect(others).toEqual([]);
    expect(history.getConversation(stored!.id)!.turns.map((t) => [t.role, t.text])).toEqual(conversation.map((t) => [t.role, t.text]));

    // What the simulator was given: each new session, before its first question, the turns before it.
    const sessions = sim.connections();
    expect(sessions.length).toBeGreaterThanOrEqual(5); // the first, the capped one's successor, renewals, after the drop
    for (const session of sessions.slice(1)) {
      const items = itemTexts(session.received);
      expect(items[0]).toEqual({ role: 'system', text: CONTINUE_NOTE });
      expect(items[1]).toEqual({ role: 'user', text: said(1) });
      expect(items[2]).toEqual({ role: 'assistant', text: answer(1) });
      expect(session.received[0]).toMatchObject({ type: 'session.update' });
    }
    const last = itemTexts(sessions.at(-1)!.received);
    // After the drop: turns 1–7 with their answers, then turn 8 (typed meanwhile) as the question to answer.
    expect(last.slice(1, 1 + 15)).toEqual([
      ...Array.from({ length: 7 }, (_, k) => [
        { role: 'user', text: said(k + 1) },
        { role: 'assistant', text: answer(k + 1) },
      ]).flat(),
      { role: 'user', text: said(8) },
    ]);
    // Nothing of the replay was answered again: one response per question in the last session (8, 9, 10).
    expect(sessions.at(-1)!.received.filter((e) => e.type === 'response.create')).toHaveLength(3);
  });

  it("the status carries the session's end while push-to-talk is held in its last stretch, and null once it is renewed", async () => {
    const h = await startDemoApp();
    const sim = h.servers[0]!;
    const endsAt = (): unknown => (h.core.handlers.getStatus(undefined, h.client) as { sessionEndsAt: unknown }).sessionEndsAt;
    const statusEnds = (): unknown[] => h.events.filter((e) => e.name === 'status').map((e) => (e.payload as { sessionEndsAt: unknown }).sessionEndsAt);
    await waitUntil(() => h.connection() === 'open', WAIT_MS, 'the first session');
    expect(endsAt()).toBeNull();
    await h.request('startTalking');
    sim.inject({ kind: 'session-cap', seconds: 0 });
    await waitUntil(() => expiredCount(h) === 1, WAIT_MS, 'the session cap');
    // The next session announces an 8-second end: the warning comes about 2 s in, the renewal falls due at about 4 s.
    sim.inject({ kind: 'session-cap', seconds: 8 });
    await waitUntil(() => h.connection() === 'open' && sim.connections().length === 2, WAIT_MS, 'the capped session');
    expect(endsAt()).toBeNull();
    await waitUntil(() => typeof endsAt() === 'number', WAIT_MS, 'the end in the status');
    const end = endsAt() as number;
    expect(end % 1000).toBe(0); // the announced expires_at, in ms
    expect(end).toBeGreaterThan(Date.now());
    expect(end).toBeLessThanOrEqual(Date.now() + 8000);
    expect(statusEnds()).toContain(end);
    // The next sessions are not capped; letting go of the key is the pause the renewal waits for.
    sim.inject({ kind: 'session-cap', seconds: 3600 });
    await h.request('cancelTalking');
    await waitUntil(() => sim.connections().length === 3 && h.connection() === 'open', WAIT_MS, 'the renewal');
    expect(endsAt()).toBeNull();
    expect(statusEnds().at(-1)).toBeNull();
    expect(expiredCount(h)).toBe(1);
  });

  it('push-to-talk held through the session cap: the whole turn reaches the new session, is committed once and answered', async () => {
    const h = await startDemoApp();
    const sim = h.servers[0]!;
    await typedTurn(h, 1);
    await h.request('startTalking');
    const mic = h.audio.openMicrophones[0]!;
    const speak = (ms: number): void => {
      for (let i = 0; i < ms / 20; i++) mic.feed(Buffer.alloc(960, 7));
    };
    speak(500);
    const expired = (): boolean => expiredCount(h) === 1;
    sim.inject({ kind: 'session-cap', seconds: 0 });
    await waitUntil(expired, WAIT_MS, 'the session cap');
    sim.inject({ kind: 'session-cap', seconds: 3600 });
    speak(300); // while the new session is on its way
    await waitUntil(() => h.connection() === 'open' && sim.connections().length === 2, WAIT_MS, 'the new session');
    speak(200);
    await h.request('stopTalking');
    const heard = (t: Turn): boolean => t.role === 'assistant' && t.status === 'done' && t.text === 'I heard 1.00 seconds of audio.';
    await waitUntil(() => turns(h).some(heard), WAIT_MS, 'the answer to the spoken turn');
    const received = sim.connections()[1]!.received;
    const appended = received.filter((e) => e.type === 'input_audio_buffer.append').reduce((n, e) => n + Buffer.from(String(e.audio), 'base64').length, 0);
    expect(appended).toBe(1000 * 48);
    expect(received.filter((e) => e.type === 'input_audio_buffer.commit')).toHaveLength(1);
    expect(itemTexts(received).slice(0, 3).map((i) => i.text)).toEqual([CONTINUE_NOTE, said(1), answer(1)]);
    const conversation = ((await h.request('getConversation')) as { turns: Turn[] }).turns;
    expect(conversation.map((t) => [t.role, t.kind, t.status])).toEqual([
      ['user', 'text', 'done'],
      ['assistant', 'audio', 'done'],
      ['user', 'audio', 'done'],
      ['assistant', 'audio', 'done'],
    ]);
  });
});
