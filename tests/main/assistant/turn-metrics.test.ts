// The latency and usage of each response from the moments it is fed, on a clock the test moves.
import { describe, expect, it } from 'vitest';
import { latencyOf, TurnMetrics, type ResponseFigures } from '../../../src/main/assistant/turn-metrics';
import type { ServerEvent, Usage } from '../../../src/shared/protocol/events';

function rig() {
  let t = 0;
  const out: ResponseFigures[] = [];
  const metrics = new TurnMetrics(() => t, (f) => out.push(f));
  return {
    metrics,
    out,
    at(ms: number): void {
      t = ms;
    },
    /** The event, arriving at `ms`. */
    server(ms: number, event: ServerEvent) {
      t = ms;
      return metrics.observe(event);
    },
  };
}

const ref = (responseId: string, itemId: string) => ({ response_id: responseId, item_id: itemId, output_index: 0, content_index: 0 });
const created = (id: string): ServerEvent => ({ type: 'response.created', response: { id, status: 'in_progress' } });
const delta = (responseId: string, itemId: string): ServerEvent => ({ type: 'response.audio.delta', delta: 'AAAA', ...ref(responseId, itemId) });
const done = (id: string, usage?: Usage, status: 'completed' | 'cancelled' = 'completed'): ServerEvent => ({ type: 'response.done', response: { id, status, usage } });
const USAGE: Usage = {
  total_tokens: 1200,
  input_tokens: 1000,
  output_tokens: 200,
  input_token_details: { text_tokens: 400, audio_tokens: 600, cached_tokens: 500 },
  output_token_details: { text_tokens: 50, audio_tokens: 150 },
};

describe('TurnMetrics', () => {
  it('times a push-to-talk turn stage by stage and hands out the figures once the reply was heard', () => {
    const r = rig();
    r.server(0, { type: 'session.created', session: { id: 'sess', model: 'gpt-realtime-2025-08-28' } });
    r.at(1000);
    r.metrics.moment('released');
    r.at(1000.25);
    r.metrics.moment('committed');
    r.server(1001, { type: 'input_audio_buffer.committed', item_id: 'u1' }); // the app's own commit counts
    r.server(1060, created('resp1'));
    r.server(1062, { type: 'response.output_item.added', response_id: 'resp1', output_index: 0, item: { id: 'a1', type: 'message', role: 'assistant' } });
    expect(r.server(1300, delta('resp1', 'a1'))).toEqual({ responseId: 'resp1', itemId: 'a1', at: 1300 });
    expect(r.server(1320, delta('resp1', 'a1'))).toBeNull(); // only the first
    r.server(1500, done('resp1', USAGE));
    expect(r.out).toEqual([]); // done, not heard yet
    expect(r.metrics.waitingToBeHeard('resp1')).toBe(true);
    r.metrics.heard('resp1', 1345.5);
    expect(r.out).toEqual([
      {
        responseId: 'resp1',
        turnId: 'a1',
        status: 'completed',
        model: 'gpt-realtime-2025-08-28',
        latency: { releaseToCommitMs: 0.25, commitToCreatedMs: 59.75, createdToFirstDeltaMs: 240, firstDeltaToAudibleMs: 45.5, totalMs: 345.5 },
        usage: { totalTokens: 1200, inputTokens: 1000, outputTokens: 200, inputTextTokens: 400, inputAudioTokens: 600, cachedTokens: 500, outputTextTokens: 50, outputAudioTokens: 150 },
      },
    ]);
    r.metrics.heard('resp1', 2000); // a repeat changes nothing
    expect(r.out).toHaveLength(1);
  });

  it('goes out at response.done when the first audio was already heard', () => {
    const r = rig();
    r.metrics.moment('text-sent');
    r.server(10, created('resp1'));
    r.server(200, delta('resp1', 'a1'));
    r.metrics.heard('resp1', 230);
    expect(r.out).toEqual([]);
    r.server(900, done('resp1', USAGE));
    expect(r.out[0]!.latency).toEqual({ releaseToCommitMs: null, commitToCreatedMs: 10, createdToFirstDeltaMs: 190, firstDeltaToAudibleMs: 30, totalMs: 230 });
  });

  it('times hands-free turns from speech_stopped to the server commit', () => {
    const r = rig();
    r.server(5000, { type: 'input_audio_buffer.speech_stopped', audio_end_ms: 4000, item_id: 'u1' });
    r.server(5004, { type: 'input_audio_buffer.committed', item_id: 'u1' });
    r.server(5010, created('resp1'));
    r.server(5110, delta('resp1', 'a1'));
    r.metrics.heard('resp1', 5150);
    r.server(5600, done('resp1'));
    expect(r.out[0]!.latency).toEqual({ releaseToCommitMs: 4, commitToCreatedMs: 6, createdToFirstDeltaMs: 100, firstDeltaToAudibleMs: 40, totalMs: 150 });
    expect(r.out[0]!.usage).toBeNull();
  });

  it('reports a text-only reply at once, with no audio stages', () => {
    const r = rig();
    r.metrics.moment('text-sent');
    r.server(30, created('resp1'));
    r.server(40, { type: 'response.text.delta', delta: 'Hi', ...ref('resp1', 't1') });
    r.server(90, done('resp1', USAGE));
    expect(r.out[0]).toMatchObject({ turnId: 't1', latency: { commitToCreatedMs: 30, createdToFirstDeltaMs: null, firstDeltaToAudibleMs: null, totalMs: null } });
  });

  it('leaves audible and the total unknown for a reply cut before it was heard', () => {
    const r = rig();
    r.metrics.moment('released');
    r.metrics.moment('committed');
    r.server(50, created('resp1'));
    r.server(100, delta('resp1', 'a1'));
    r.server(120, done('resp1', USAGE, 'cancelled'));
    r.metrics.heard('resp1', null);
    expect(r.out[0]).toMatchObject({ status: 'cancelled', latency: { createdToFirstDeltaMs: 50, firstDeltaToAudibleMs: null, totalMs: null } });
  });

  it('counts what was heard from the first delta at the earliest', () => {
    const r = rig();
    r.server(0, created('resp1'));
    r.server(100, delta('resp1', 'a1'));
    r.metrics.heard('resp1', 97); // a back-dated reading just before the delta arrived
    r.server(300, done('resp1'));
    expect(r.out[0]!.latency.firstDeltaToAudibleMs).toBe(0);
  });

  it('gives each response the moments before it, and a response with none gets none', () => {
    const r = rig();
    r.metrics.moment('text-sent');
    r.server(20, created('resp1'));
    r.server(40, done('resp1'));
    r.server(60, created('resp2')); // nothing asked for it (a replay, a server's own)
    r.server(80, done('resp2'));
    expect(r.out.map((f) => [f.responseId, f.latency.commitToCreatedMs])).toEqual([
      ['resp1', 20],
      ['resp2', null],
    ]);
  });

  it('follows a server that streams without ids, and one that finishes a response it never announced', () => {
    const r = rig();
    r.server(0, created('resp1'));
    expect(r.server(30, delta('', ''))).toEqual({ responseId: 'resp1', itemId: '', at: 30 });
    r.metrics.heard('resp1', 60);
    r.server(100, { type: 'response.done', response: { id: 'resp1', status: 'completed', output: [{ id: 'a9', type: 'message' }] } });
    expect(r.out[0]).toMatchObject({ turnId: 'a9', latency: { createdToFirstDeltaMs: 30, firstDeltaToAudibleMs: 30 } });
    r.at(190);
    r.metrics.moment('text-sent');
    r.server(200, done('resp-early', USAGE));
    expect(r.out[1]).toMatchObject({ responseId: 'resp-early', turnId: null, usage: { totalTokens: 1200 }, latency: { commitToCreatedMs: null, totalMs: null } });
    r.server(230, created('resp2')); // the text sent before is this one's
    r.server(260, done('resp2'));
    expect(r.out[2]).toMatchObject({ responseId: 'resp2', latency: { commitToCreatedMs: 40 } });
  });
});

describe('latencyOf', () => {
  it('needs both ends of a stage, and never goes negative', () => {
    expect(latencyOf({ endAt: null, commitAt: 10, createdAt: 5, firstDeltaAt: null, audibleAt: 40 })).toEqual({
      releaseToCommitMs: null,
      commitToCreatedMs: 0,
      createdToFirstDeltaMs: null,
      firstDeltaToAudibleMs: null,
      totalMs: 30,
    });
  });
});
