// A reply that stops coming, through the assistant with a stand-in session and speaker (no sound):
// after the limit it is cancelled, shown as cancelled, the assistant is idle again and says why.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Assistant } from '../../../src/main/assistant/assistant';
import { isProgressOf, StallWatchdog } from '../../../src/main/assistant/stall-watchdog';
import type { AudioPorts } from '../../../src/main/audio/ports';
import type { ServerEvent } from '../../../src/shared/protocol/events';
import { FakeSpeaker } from '../../support/fake-audio';
import { FakeSession } from '../../support/fake-session';

const ref = { response_id: 'resp_1', item_id: 'item_1', output_index: 0, content_index: 0 };

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

function setup(stallMs?: number) {
  const session = new FakeSession();
  const speaker = new FakeSpeaker();
  const audio: AudioPorts = { speaker: speaker as unknown as AudioPorts['speaker'], openMicrophone: () => Promise.reject(new Error('no microphone in this test')) };
  const assistant = new Assistant({ session: session.port, audio, settings: () => ({ mode: 'ptt', halfDuplex: 'always' }), ...(stallMs !== undefined ? { stallMs } : {}) });
  const notices: string[] = [];
  assistant.on('notice', (n) => notices.push(n));
  return { session, assistant, notices };
}

function startReply(session: FakeSession): void {
  session.server({ type: 'response.created', response: { id: 'resp_1', status: 'in_progress' } });
  session.server({ type: 'response.output_item.added', response_id: 'resp_1', output_index: 0, item: { id: 'item_1', type: 'message', role: 'assistant', content: [] } });
  session.server({ type: 'response.text.delta', ...ref, delta: 'Half an ans' });
}

describe('the assistant with a stalled reply', () => {
  it('cancels it after 30 s without news, marks the turn cancelled and goes back to idle with a notice', async () => {
    const { session, assistant, notices } = setup();
    assistant.sendText('Tell me a long story');
    startReply(session);
    expect(assistant.activity).toBe('thinking');
    vi.advanceTimersByTime(29_999);
    expect(session.calls('cancelResponse')).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(session.calls('cancelResponse')).toEqual([['resp_1']]);
    expect(assistant.conversation.get('item_1')).toMatchObject({ status: 'cancelled', text: 'Half an ans' });
    expect(assistant.activity).toBe('idle');
    expect(notices).toEqual(['The reply stalled: nothing came from the server for 30 s, so it was stopped. Ask again; if it keeps happening, reconnect.']);
    // The next question goes out at once instead of waiting behind the stalled reply.
    assistant.sendText('Are you there?');
    expect(session.calls('createResponse')).toHaveLength(2);
    await assistant.close();
  });

  it('keeps a slow reply that makes progress, and takes its limit from the options', async () => {
    const { session, assistant, notices } = setup(5_000);
    assistant.sendText('Count slowly');
    startReply(session);
    for (let i = 0; i < 10; i++) {
      vi.advanceTimersByTime(4_000);
      session.server({ type: 'response.text.delta', ...ref, delta: ` ${i}` });
    }
    session.server({ type: 'response.done', response: { id: 'resp_1', status: 'completed' } });
    vi.advanceTimersByTime(60_000);
    expect(notices).toEqual([]);
    expect(session.calls('cancelResponse')).toEqual([]);
    expect(assistant.conversation.get('item_1')?.status).toBe('done');
    await assistant.close();
  });

  it('stops watching when the assistant closes', async () => {
    const { session, assistant, notices } = setup();
    assistant.sendText('Hello');
    startReply(session);
    await assistant.close();
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(60_000);
    expect(notices).toEqual([]);
  });
});

describe('StallWatchdog', () => {
  it('fires once, limitMs after the last kick', () => {
    const fired = vi.fn();
    const dog = new StallWatchdog(100, fired);
    dog.kick();
    vi.advanceTimersByTime(90);
    dog.kick();
    vi.advanceTimersByTime(90);
    expect(fired).not.toHaveBeenCalled();
    vi.advanceTimersByTime(10);
    expect(fired).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1_000);
    expect(fired).toHaveBeenCalledTimes(1);
  });

  it('counts as news of a response its own events and id-less stream events only', () => {
    const events: [ServerEvent, boolean][] = [
      [{ type: 'response.done', response: { id: 'resp_1' } }, true],
      [{ type: 'response.created', response: { id: 'resp_2' } }, false],
      [{ type: 'response.audio.delta', ...ref, delta: '' }, true],
      [{ type: 'response.audio.delta', ...ref, response_id: '', delta: '' }, true],
      [{ type: 'response.audio_transcript.delta', ...ref, response_id: 'resp_0', delta: 'x' }, false],
      [{ type: 'input_audio_buffer.speech_started', audio_start_ms: 0, item_id: 'u' }, false],
      [{ type: 'rate_limits.updated', rate_limits: [] }, false],
    ];
    for (const [event, expected] of events) expect(isProgressOf(event, 'resp_1'), event.type).toBe(expected);
  });
});
