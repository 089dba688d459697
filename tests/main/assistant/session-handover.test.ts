// A conversation carried from one server session to the next (fake session, fake microphone): the new
// session gets the conversation replayed as text, then what waited for it — a typed message, a push-to-talk
// turn (sent again whole, and committed), hands-free audio up to a limit — and a turn the old session never
// answered is answered there or reported as lost. The conversation model never gains or loses a turn.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Assistant } from '../../../src/main/assistant/assistant';
import { CONTINUE_NOTE } from '../../../src/main/assistant/context-replay';
import { ConversationModel } from '../../../src/main/assistant/conversation-model';
import type { ConversationItem } from '../../../src/shared/protocol/events';
import { FakeMicrophone, FakeSpeaker } from '../../support/fake-audio';
import { FakeSession } from '../../support/fake-session';

const MS = 48; // bytes of 24 kHz pcm16 per millisecond
let assistant: Assistant | null = null;
afterEach(async () => {
  await assistant?.close();
  assistant = null;
});

function setUp(mode: 'ptt' | 'vad' = 'ptt', conversation?: ConversationModel, state: 'open' | 'connecting' = 'open') {
  const session = new FakeSession();
  session.state = state;
  const mic = new FakeMicrophone();
  const notices: string[] = [];
  const speaker = new FakeSpeaker();
  assistant = new Assistant({
    session: session.port,
    audio: { speaker: speaker as never, openMicrophone: async () => mic as never },
    settings: () => ({ mode, halfDuplex: 'off' }),
    ...(conversation ? { conversation } : {}),
  });
  assistant.on('notice', (n) => notices.push(n));
  return { session, mic, notices, speaker, a: assistant };
}

/** The connection state as the client reports it. */
function goTo(session: FakeSession, state: 'open' | 'reconnecting' | 'closed'): void {
  (session as { state: string }).state = state;
  session.emit('state', state, {});
}

let ids = 0;
/** The server's events for a text reply, in the order it sends them; `upTo` stops part-way. */
function reply(session: FakeSession, text: string, upTo: 'started' | 'streaming' | 'done' = 'done'): string {
  const response_id = `resp_${++ids}`;
  const item_id = `item_a${ids}`;
  const ref = { response_id, item_id, output_index: 0, content_index: 0 };
  session.server({ type: 'response.created', response: { id: response_id } });
  if (upTo === 'started') return item_id;
  session.server({ type: 'response.output_item.added', response_id, output_index: 0, item: { id: item_id, type: 'message', role: 'assistant' } });
  session.server({ type: 'response.text.delta', ...ref, delta: text });
  if (upTo === 'streaming') return item_id;
  session.server({ type: 'response.done', response: { id: response_id, status: 'completed' } });
  return item_id;
}

const created = (session: FakeSession): ConversationItem[] => session.calls('createItem').map(([item]) => item as ConversationItem);
const textOf = (item: ConversationItem): string => (item.content?.[0] as { text?: string }).text ?? '';
const appendedMs = (session: FakeSession, from = 0): number =>
  session.sent.slice(from).filter((s) => s.call === 'appendAudio').reduce((n, s) => n + (s.args[0] as Buffer).length, 0) / MS;
const feed = (mic: FakeMicrophone, ms: number): void => {
  for (let i = 0; i < ms / 20; i++) mic.feed(Buffer.alloc(20 * MS, i % 256));
};

describe('a new server session', () => {
  it('gets the conversation as text items after a note; the conversation keeps its turns, ids and order', () => {
    const { session, a } = setUp();
    a.sendText('What is the capital of France?');
    reply(session, 'Paris.');
    const before = a.conversation.snapshot();
    goTo(session, 'reconnecting');
    goTo(session, 'open');
    expect(created(session).map(textOf)).toEqual([CONTINUE_NOTE, 'What is the capital of France?', 'Paris.']);
    expect(created(session).map((i) => i.role)).toEqual(['system', 'user', 'assistant']);
    expect(a.conversation.snapshot()).toEqual(before);
    expect(session.calls('createResponse')).toHaveLength(1); // answered already: nothing asked again
  });

  it('the first session of a new client gets the conversation it carries over (Reconnect, a new endpoint)', () => {
    const carried = new ConversationModel();
    carried.addUserText('Remember: blue.');
    const { session } = setUp('ptt', carried, 'connecting');
    expect(created(session)).toEqual([]);
    goTo(session, 'open');
    expect(created(session).map(textOf)).toEqual([CONTINUE_NOTE, 'Remember: blue.']);
  });

  it('a conversation continued from the history is replayed but not answered, even hands-free where an unanswered turn would be', () => {
    const { session, a } = setUp('vad');
    const turn = { role: 'user' as const, kind: 'text' as const, status: 'done' as const, createdAt: 1 };
    a.continueConversation([{ ...turn, id: 'history-1', text: 'Plan my week.' }, { ...turn, id: 'history-2', text: 'And the next one.' }], { continues: 7 });
    goTo(session, 'reconnecting');
    goTo(session, 'open');
    expect(created(session).map(textOf)).toEqual([CONTINUE_NOTE, 'Plan my week.', 'And the next one.']);
    expect(session.calls('createResponse')).toEqual([]);
    expect(a.conversation.snapshot().every((t) => t.restored)).toBe(true);
  });

  it('a fresh conversation sends nothing', () => {
    const { session } = setUp('ptt', undefined, 'connecting');
    goTo(session, 'open');
    expect(session.sent).toEqual([]);
  });
});

describe('a turn the old session did not finish', () => {
  it('a typed message whose reply had not begun is answered in the new session', () => {
    const { session, a } = setUp();
    a.sendText('Still there?');
    reply(session, '', 'started');
    goTo(session, 'reconnecting');
    goTo(session, 'open');
    expect(created(session).map(textOf).at(-1)).toBe('Still there?');
    expect(session.calls('createResponse')).toHaveLength(2);
    const id = reply(session, 'Yes.');
    expect(a.conversation.snapshot().map((t) => [t.role, t.text, t.status])).toEqual([
      ['user', 'Still there?', 'done'],
      ['assistant', 'Yes.', 'done'],
    ]);
    expect(a.conversation.get(id)?.status).toBe('done');
  });

  it('a reply cut off half-way is kept, marked as lost, and not asked for again', () => {
    const { session, a } = setUp();
    a.sendText('Tell me a story.');
    const id = reply(session, 'Once upon', 'streaming');
    goTo(session, 'reconnecting');
    goTo(session, 'open');
    expect(a.conversation.get(id)).toMatchObject({ status: 'cancelled', text: 'Once upon', error: expect.stringMatching(/connection was lost/) });
    expect(session.calls('createResponse')).toHaveLength(1);
    expect(created(session).map(textOf)).toEqual([CONTINUE_NOTE, 'Tell me a story.', 'Once upon']);
  });

  it('a message typed while the session is being renewed goes with the next one, and is answered there', () => {
    const { session, a } = setUp();
    goTo(session, 'reconnecting');
    a.sendText('Typed meanwhile');
    expect(session.calls('sendText')).toHaveLength(0);
    expect(a.conversation.snapshot().map((t) => t.text)).toEqual(['Typed meanwhile']);
    goTo(session, 'open');
    expect(created(session).map(textOf)).toEqual([CONTINUE_NOTE, 'Typed meanwhile']);
    expect(session.calls('createResponse')).toHaveLength(1);
  });

  it('a spoken turn acknowledged without a transcript and never answered: its audio goes again as an item', () => {
    const { session, mic, a } = setUp();
    return (async () => {
      await a.startTalking();
      feed(mic, 300);
      await a.stopTalking();
      session.server({ type: 'input_audio_buffer.committed', item_id: 'item_u1' });
      goTo(session, 'reconnecting');
      goTo(session, 'open');
      const last = created(session).at(-1)!;
      expect(last).toMatchObject({ type: 'message', role: 'user' });
      const part = last.content?.[0] as { type: string; audio: string };
      expect(part.type).toBe('input_audio');
      expect(Buffer.from(part.audio, 'base64').length).toBe(300 * MS);
      expect(session.calls('createResponse')).toHaveLength(2);
      expect(a.conversation.snapshot().map((t) => t.id)).toEqual(['item_u1']);
    })();
  });

  it('a spoken turn without a transcript whose audio is gone (hands-free) is reported as lost', () => {
    const { session, notices } = setUp('vad');
    session.server({ type: 'input_audio_buffer.speech_started', audio_start_ms: 0, item_id: 'item_v1' });
    session.server({ type: 'input_audio_buffer.speech_stopped', audio_end_ms: 800, item_id: 'item_v1' });
    session.server({ type: 'input_audio_buffer.committed', item_id: 'item_v1' });
    goTo(session, 'reconnecting');
    goTo(session, 'open');
    expect(notices.some((n) => /not answered .* Please say it again/.test(n))).toBe(true);
    expect(session.calls('createResponse')).toHaveLength(0);
  });
});

describe('push-to-talk across a change of session', () => {
  it('held through a drop: the whole turn goes again to the new session, the rest follows live, one commit', async () => {
    const { session, mic, a } = setUp();
    await a.startTalking();
    feed(mic, 300);
    expect(appendedMs(session)).toBe(300);
    goTo(session, 'reconnecting');
    feed(mic, 200);
    expect(appendedMs(session)).toBe(300); // nothing goes into a session that is not there
    const opened = session.sent.length;
    goTo(session, 'open');
    expect(appendedMs(session, opened)).toBe(500);
    feed(mic, 100);
    await a.stopTalking();
    expect(appendedMs(session, opened)).toBe(600);
    expect(session.calls('commitAudio')).toHaveLength(1);
    expect(session.calls('clearAudio')).toHaveLength(1); // at the press, in the old session
    expect(session.sent.at(-1)?.call).toBe('createResponse');
  });

  it('pressed while the session is being renewed, over a reply still playing: nothing goes to the session that is going', async () => {
    const { session, mic, speaker, a } = setUp();
    a.sendText('Talk to me');
    reply(session, 'Sure', 'streaming');
    speaker.play('item_playing', Buffer.alloc(100 * MS));
    goTo(session, 'reconnecting');
    const before = session.sent.length;
    await a.startTalking();
    feed(mic, 200);
    await vi.waitFor(() => expect(speaker.playing).toBe(false));
    expect(session.sent.slice(before)).toEqual([]);
    const opened = session.sent.length;
    goTo(session, 'open');
    expect(appendedMs(session, opened)).toBe(200);
  });

  it('released while the session is being renewed: the turn and its commit wait for the next session', async () => {
    const { session, mic, a } = setUp();
    await a.startTalking();
    feed(mic, 300);
    goTo(session, 'reconnecting');
    feed(mic, 100);
    await a.stopTalking();
    expect(session.calls('commitAudio')).toHaveLength(0);
    expect(a.activity).toBe('thinking');
    const opened = session.sent.length;
    goTo(session, 'open');
    const calls = session.sent.slice(opened).map((s) => s.call);
    expect(calls.filter((c) => c === 'appendAudio')).toHaveLength(20);
    expect(calls.slice(-2)).toEqual(['commitAudio', 'createResponse']);
    expect(appendedMs(session, opened)).toBe(400);
  });

  it('committed but never acknowledged: sent and committed again, and shown once when it is', async () => {
    const { session, mic, a } = setUp();
    await a.startTalking();
    feed(mic, 300);
    await a.stopTalking();
    goTo(session, 'reconnecting');
    const opened = session.sent.length;
    goTo(session, 'open');
    expect(appendedMs(session, opened)).toBe(300);
    expect(session.calls('commitAudio')).toHaveLength(2);
    expect(session.calls('createResponse')).toHaveLength(2);
    session.server({ type: 'input_audio_buffer.committed', item_id: 'item_u2' });
    reply(session, 'Heard you.');
    expect(a.conversation.snapshot().map((t) => t.role)).toEqual(['user', 'assistant']);
    // Answered: a later change of session sends it no more.
    goTo(session, 'reconnecting');
    const again = session.sent.length;
    goTo(session, 'open');
    expect(appendedMs(session, again)).toBe(0);
    expect(session.calls('commitAudio')).toHaveLength(2);
  });
});

describe('audio captured while no session is open', () => {
  it('hands-free: up to 10 s waits and goes once the session is open; the rest is dropped with a notice', async () => {
    const { session, mic, notices } = setUp('vad');
    await vi.waitFor(() => expect(mic.listenerCount('frame')).toBe(1));
    feed(mic, 100);
    goTo(session, 'reconnecting');
    feed(mic, 12_000);
    expect(appendedMs(session)).toBe(100);
    goTo(session, 'open');
    expect(appendedMs(session)).toBe(100 + 10_000);
    expect(notices).toEqual(['The connection was being renewed; 2 s of what you said was not sent. Please say it again.']);
  });

  it('when no session comes back, what waited is lost and the user is told', async () => {
    const { session, mic, notices } = setUp('vad');
    await vi.waitFor(() => expect(mic.listenerCount('frame')).toBe(1));
    feed(mic, 100);
    goTo(session, 'reconnecting');
    feed(mic, 3000);
    goTo(session, 'closed');
    expect(notices).toEqual(['The connection was lost; 3 s of what you said was not sent. Please say it again once it is back.']);
    expect(appendedMs(session)).toBe(100);
  });

  it('when no session comes back, a message that waited is reported, and the assistant is idle again', () => {
    const { session, notices, a } = setUp();
    a.sendText('First');
    goTo(session, 'reconnecting');
    a.sendText('Second, typed meanwhile');
    expect(a.activity).toBe('thinking');
    goTo(session, 'closed');
    expect(notices).toEqual([expect.stringMatching(/lost before your message could be answered/)]);
    expect(a.activity).toBe('idle');
  });
});
