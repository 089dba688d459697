// When the first audio was heard, read from the speaker's played-sample counter (fake timers, a counter the
// test sets), and the figures of a real assistant's turns on a fake session.
import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Assistant } from '../../../src/main/assistant/assistant';
import { attachResponseFigures, AudibleWatch } from '../../../src/main/assistant/response-figures';
import type { ResponseFigures } from '../../../src/main/assistant/turn-metrics';
import type { ServerEvent } from '../../../src/shared/protocol/events';
import { FakeMicrophone } from '../../support/fake-audio';
import { FakeSession } from '../../support/fake-session';

/** A speaker whose counter the test sets: `played` ms of an item have sounded. */
class CountingSpeaker extends EventEmitter {
  played = new Map<string, number>();
  playing = false;
  playedMs(itemId: string): number {
    return this.played.get(itemId) ?? 0;
  }
  // What the assistant asks of a speaker; this one only tracks whether anything is playing.
  play(): boolean {
    this.playing = true;
    return true;
  }
  endItem(): void {}
  reopenItem(): void {}
  prepare(): void {}
  async interrupt(): Promise<null> {
    await this.stop();
    return null;
  }
  async stop(): Promise<void> {
    if (!this.playing) return;
    this.playing = false;
    this.emit('idle');
  }
}

let t = 0;
const now = (): number => t;

beforeEach(() => {
  vi.useFakeTimers();
  t = 0;
});
afterEach(() => vi.useRealTimers());

/** Moves the test clock and the fake timers together. */
function advance(ms: number): void {
  t += ms;
  vi.advanceTimersByTime(ms);
}

describe('AudibleWatch', () => {
  it('polls the counter from the first delta and back-dates the moment by what it counted', () => {
    const speaker = new CountingSpeaker();
    const heard: [string, number | null][] = [];
    const watch = new AudibleWatch(speaker as never, now, (id, at) => heard.push([id, at]), { pollMs: 5 });
    t = 100;
    watch.watch({ responseId: 'r1', itemId: 'a1', at: 100 });
    advance(20);
    expect(heard).toEqual([]);
    advance(5);
    speaker.played.set('a1', 3); // the next poll, at 130, finds 3 ms sounded: it started at 127
    advance(5);
    expect(heard).toEqual([['r1', 127]]);
    advance(50);
    expect(heard).toHaveLength(1); // one answer, and the timer is gone
    expect(vi.getTimerCount()).toBe(0);
    watch.close();
  });

  it('answers at once when the audio is already sounding, and never before the first delta', () => {
    const speaker = new CountingSpeaker();
    const heard: [string, number | null][] = [];
    const watch = new AudibleWatch(speaker as never, now, (id, at) => heard.push([id, at]));
    t = 500;
    speaker.played.set('a1', 80);
    watch.watch({ responseId: 'r1', itemId: 'a1', at: 450 });
    expect(heard).toEqual([['r1', 450]]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('settles when the speaker goes idle: what sounded before a cut counts, nothing sounded means never', () => {
    const speaker = new CountingSpeaker();
    const heard: [string, number | null][] = [];
    const watch = new AudibleWatch(speaker as never, now, (id, at) => heard.push([id, at]), { pollMs: 5 });
    watch.watch({ responseId: 'r1', itemId: 'a1', at: 0 });
    speaker.played.set('a1', 0);
    t = 3; // between polls
    speaker.emit('idle');
    expect(heard).toEqual([['r1', null]]);
    watch.watch({ responseId: 'r2', itemId: 'a2', at: 10 });
    t = 12;
    speaker.played.set('a2', 1.5);
    speaker.emit('idle');
    expect(heard[1]).toEqual(['r2', 10.5]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('gives up on audio that never sounds, and settles at once when nothing is playing', () => {
    const speaker = new CountingSpeaker();
    const heard: [string, number | null][] = [];
    const watch = new AudibleWatch(speaker as never, now, (id, at) => heard.push([id, at]), { pollMs: 10, giveUpMs: 1000 });
    watch.watch({ responseId: 'r1', itemId: 'a1', at: 0 });
    advance(990);
    expect(heard).toEqual([]);
    advance(20);
    expect(heard).toEqual([['r1', null]]);
    watch.watch({ responseId: 'r2', itemId: 'a2', at: t });
    speaker.playing = true;
    watch.settleIfSilent('r2');
    expect(heard).toHaveLength(1);
    speaker.playing = false;
    watch.settleIfSilent('r2');
    expect(heard[1]).toEqual(['r2', null]);
    watch.close();
    expect(speaker.listenerCount('idle')).toBe(0);
  });
});

describe('attachResponseFigures on a real assistant', () => {
  const ref = (itemId: string) => ({ response_id: 'resp1', item_id: itemId, output_index: 0, content_index: 0 });

  function rig() {
    const session = new FakeSession();
    const speaker = new CountingSpeaker();
    const mic = new FakeMicrophone();
    const assistant = new Assistant({ session: session.port, audio: { speaker: speaker as never, openMicrophone: async () => mic as never }, settings: () => ({ mode: 'ptt', halfDuplex: 'always' }) });
    const figures: ResponseFigures[] = [];
    const turnsAtFigures: string[] = [];
    assistant.on('turn', () => undefined);
    const detach = attachResponseFigures({
      assistant,
      session: session.port,
      speaker: speaker as never,
      now,
      watch: { pollMs: 5 },
      onFigures: (f) => {
        figures.push(f);
        turnsAtFigures.push(assistant.conversation.get(f.turnId ?? '')?.status ?? 'none');
      },
    });
    const server = (ms: number, event: ServerEvent): void => {
      t = ms;
      session.server(event);
    };
    return { session, speaker, mic, assistant, figures, turnsAtFigures, detach, server };
  }

  it('a push-to-talk turn: the release and the commit come from the assistant, audible from the counter', async () => {
    const r = rig();
    await r.assistant.startTalking();
    r.mic.feed(Buffer.alloc(24 * 2 * 300));
    t = 1000;
    await r.assistant.stopTalking();
    expect(r.session.calls('commitAudio')).toHaveLength(1);
    r.server(1080, { type: 'response.created', response: { id: 'resp1', status: 'in_progress' } });
    r.server(1085, { type: 'response.output_item.added', response_id: 'resp1', output_index: 0, item: { id: 'a1', type: 'message', role: 'assistant' } });
    r.server(1250, { type: 'response.audio.delta', delta: 'AAAA', ...ref('a1') });
    r.speaker.played.set('a1', 2);
    advance(5); // the next poll: 2 ms sounded at 1255
    r.server(1900, { type: 'response.done', response: { id: 'resp1', status: 'completed', usage: { input_tokens: 10, output_tokens: 20 } } });
    expect(r.figures).toHaveLength(1);
    expect(r.figures[0]).toMatchObject({ turnId: 'a1', usage: { inputTokens: 10, outputTokens: 20 } });
    expect(r.figures[0]!.latency).toEqual({ releaseToCommitMs: 0, commitToCreatedMs: 80, createdToFirstDeltaMs: 170, firstDeltaToAudibleMs: 3, totalMs: 253 });
    // The conversation had finished the turn when its figures went out.
    expect(r.turnsAtFigures).toEqual(['done']);
    r.detach();
    expect(r.assistant.listenerCount('moment')).toBe(0);
    expect(r.session.listenerCount('event')).toBe(1); // the assistant's own
  });

  it('a barge-in before the reply sounded: the figures go out with the cancel, audible unknown', async () => {
    const r = rig();
    t = 0;
    r.assistant.sendText('Tell me a story');
    r.server(40, { type: 'response.created', response: { id: 'resp1', status: 'in_progress' } });
    r.server(90, { type: 'response.audio.delta', delta: 'AAAA', ...ref('a1') });
    t = 95;
    await r.assistant.startTalking(); // interrupts: the speaker stops with nothing counted
    r.server(110, { type: 'response.done', response: { id: 'resp1', status: 'cancelled' } });
    expect(r.figures).toHaveLength(1);
    expect(r.figures[0]).toMatchObject({ status: 'cancelled', latency: { commitToCreatedMs: 40, createdToFirstDeltaMs: 50, firstDeltaToAudibleMs: null, totalMs: null } });
    expect(vi.getTimerCount()).toBe(0);
  });
});
