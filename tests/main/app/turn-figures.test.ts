// Each response's figures as the core reports them: priced with the settings' table, summed over the
// conversation, warned about once; on fake emitters, with text-only replies (audibility has its own tests).
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { TurnFiguresReporter } from '../../../src/main/app/turn-figures';
import type { SessionPort } from '../../../src/main/assistant/assistant-types';
import type { Price } from '../../../src/shared/pricing';
import type { Usage } from '../../../src/shared/protocol/events';
import { DEFAULT_SETTINGS, type Settings } from '../../../src/shared/settings';
import type { TurnFigures } from '../../../src/shared/turn-figures';

const PRICE: Price = { validFrom: '2026-01-01', textInput: 1000, cachedTextInput: 100, textOutput: 2000, audioInput: 0, cachedAudioInput: 0, audioOutput: 0 };
// 1000 text tokens in (200 cached) and 100 out: 800 × $0.001 + 200 × $0.0001 + 100 × $0.002 = $1.02
const USAGE: Usage = { input_tokens: 1000, output_tokens: 100, input_token_details: { text_tokens: 1000, cached_tokens: 200, audio_tokens: 0 } };

function rig(over: Partial<Settings> = {}) {
  let settings: Settings = { ...DEFAULT_SETTINGS, ...over };
  const figures: TurnFigures[] = [];
  const notices: string[] = [];
  const reporter = new TurnFiguresReporter({ settings: () => settings, emit: (f) => figures.push(f), notice: (m) => notices.push(m), now: () => 0 });
  const assistant = new EventEmitter();
  const session = new EventEmitter();
  const speaker = Object.assign(new EventEmitter(), { playing: false, playedMs: () => 0 });
  reporter.attach(assistant as never, session as unknown as SessionPort, speaker as never);
  let n = 0;
  const respond = (usage: Usage | undefined = USAGE): void => {
    const id = `resp${++n}`;
    session.emit('event', { type: 'response.created', response: { id } });
    session.emit('event', { type: 'response.output_item.added', response_id: id, output_index: 0, item: { id: `item${n}`, type: 'message' } });
    session.emit('event', { type: 'response.done', response: { id, status: 'completed', usage } });
  };
  return { reporter, assistant, session, speaker, figures, notices, respond, set: (next: Partial<Settings>) => (settings = { ...settings, ...next }) };
}

describe('TurnFiguresReporter', () => {
  it('prices each response for the session’s model and sums the conversation', () => {
    const r = rig({ prices: { 'my-model': PRICE } });
    r.session.emit('event', { type: 'session.created', session: { id: 's', model: 'my-model' } });
    r.respond();
    r.respond();
    expect(r.figures.map((f) => [f.turnId, f.model, f.costUsd, f.conversationCostUsd])).toEqual([
      ['item1', 'my-model', expect.closeTo(1.02, 10), expect.closeTo(1.02, 10)],
      ['item2', 'my-model', expect.closeTo(1.02, 10), expect.closeTo(2.04, 10)],
    ]);
    expect(r.figures[0]!.usage).toMatchObject({ inputTokens: 1000, outputTokens: 100, cachedTokens: 200 });
  });

  it('falls back to the model in Settings, and leaves the cost unknown for a model without a price', () => {
    const r = rig({ model: 'gpt-realtime-mini' });
    r.respond();
    expect(r.figures[0]).toMatchObject({ model: 'gpt-realtime-mini', costUsd: expect.any(Number) });
    r.session.emit('event', { type: 'session.updated', session: { model: 'sim-realtime' } });
    r.respond();
    r.respond(undefined);
    expect(r.figures.slice(1).map((f) => f.costUsd)).toEqual([null, null]);
    expect(r.figures[2]!.conversationCostUsd).toBe(r.figures[0]!.costUsd);
  });

  it('warns once when the conversation passes the warning, again only for a higher one, and counts afresh after a reset', () => {
    const r = rig({ prices: { m: PRICE }, model: 'm', costWarningUsd: 1.5 });
    r.respond();
    expect(r.notices).toEqual([]);
    r.respond();
    r.respond();
    expect(r.notices).toEqual(['This conversation has cost about $2.04 so far, more than the $1.50 set as the warning in Settings (estimated from list prices).']);
    r.set({ costWarningUsd: 1 });
    r.respond();
    expect(r.notices).toHaveLength(1);
    r.set({ costWarningUsd: 4 });
    r.respond();
    expect(r.notices).toHaveLength(2);
    r.assistant.emit('reset', {});
    r.set({ costWarningUsd: 1.5 });
    r.respond();
    expect(r.figures.at(-1)!.conversationCostUsd).toBeCloseTo(1.02, 10);
    r.respond();
    expect(r.notices).toHaveLength(3);
    // A conversation continued from the history goes on from what it had cost.
    r.assistant.emit('reset', { continues: 4, costUsd: 0.5 });
    r.respond();
    expect(r.figures.at(-1)!.conversationCostUsd).toBeCloseTo(1.52, 10);
    expect(r.notices).toHaveLength(4);
  });

  it('stays quiet with no warning set, and lets the assistant go when closed', () => {
    const r = rig({ prices: { m: PRICE }, model: 'm' });
    for (let i = 0; i < 5; i++) r.respond();
    expect(r.notices).toEqual([]);
    r.reporter.close();
    expect([r.session.listenerCount('event'), r.assistant.listenerCount('reset'), r.assistant.listenerCount('moment'), r.speaker.listenerCount('idle')]).toEqual([0, 0, 0, 0]);
    r.respond();
    expect(r.figures).toHaveLength(5);
  });
});
