/* eslint-disable @typescript-eslint/ban-ts-comment */
// @ts-nocheck -- renderer sources belong to tsconfig.web.json; the node project (which globs tests/**) cannot
// include them without TS6307, so these files are type-checked by neither until the configs split them.
import { describe, expect, it } from 'vitest';
import { compactLine, detailLines, FiguresBook, formatMs, formatSeconds, formatTokens, MEDIAN_TURNS } from '../../../../src/renderer/src/lib/turn-figures';
import type { TurnFigures } from '../../../../src/shared/turn-figures';

const NO_LATENCY = { releaseToCommitMs: null, commitToCreatedMs: null, createdToFirstDeltaMs: null, firstDeltaToAudibleMs: null, totalMs: null };

function figures(over: Partial<TurnFigures> = {}): TurnFigures {
  return {
    turnId: 'a1',
    responseId: 'resp1',
    model: 'gpt-realtime',
    latency: { releaseToCommitMs: 0.18, commitToCreatedMs: 62, createdToFirstDeltaMs: 480, firstDeltaToAudibleMs: 78, totalMs: 620.18 },
    usage: { inputTokens: 1000, outputTokens: 240, totalTokens: 1240, cachedTokens: 512, inputAudioTokens: 600, outputAudioTokens: 200 },
    costUsd: 0.0043,
    conversationCostUsd: 0.0043,
    ...over,
  };
}

describe('compactLine', () => {
  it('reads like the brief: latency, tokens, cost', () => {
    expect(compactLine(figures())).toBe('0.62 s · 1.2k tokens · $0.004');
  });

  it('leaves out what is not known, and is null when nothing is', () => {
    expect(compactLine(figures({ costUsd: null }))).toBe('0.62 s · 1.2k tokens');
    expect(compactLine(figures({ latency: NO_LATENCY, usage: { inputTokens: 30, outputTokens: 12 } }))).toBe('42 tokens · $0.004');
    expect(compactLine(figures({ latency: NO_LATENCY, usage: null, costUsd: null }))).toBeNull();
  });
});

describe('detailLines', () => {
  it('names each stage, the tokens and what the cost is based on', () => {
    expect(detailLines(figures())).toEqual([
      'End of speech → sent: 0.2 ms',
      'Sent → reply started: 62 ms',
      'Reply started → first audio: 480 ms',
      'First audio → heard: 78 ms',
      'Total: 620 ms',
      'Tokens: 1000 in (512 cached, 600 audio), 240 out (200 audio)',
      "Cost: $0.004 at gpt-realtime's list prices",
    ]);
  });

  it('says why there is no cost', () => {
    expect(detailLines(figures({ latency: NO_LATENCY, costUsd: null, model: 'sim-realtime', usage: { inputTokens: 5, outputTokens: 6 } }))).toEqual([
      'Tokens: 5 in, 6 out',
      'No price known for sim-realtime (Settings can add one)',
    ]);
  });
});

describe('FiguresBook', () => {
  it('keeps each turn’s figures, the core’s conversation cost, and the median of the last turns heard', () => {
    const book = new FiguresBook();
    expect(book.summary).toEqual({ costUsd: null, medianTotalMs: null, medianOf: 0 });
    const before = book.turns;
    book.add(figures({ turnId: 'a1', latency: { ...NO_LATENCY, totalMs: 900 }, conversationCostUsd: 0.01 }));
    book.add(figures({ turnId: 'a2', latency: { ...NO_LATENCY, totalMs: 500 }, conversationCostUsd: 0.02 }));
    book.add(figures({ turnId: 'a3', latency: NO_LATENCY, conversationCostUsd: 0.03 })); // not heard: not in the median
    expect(book.turns).not.toBe(before); // a new map, so a reactive holder sees the change
    expect([...book.turns.keys()]).toEqual(['a1', 'a2', 'a3']);
    expect(book.summary).toEqual({ costUsd: 0.03, medianTotalMs: 700, medianOf: 2 });
  });

  it('rolls the median over the last ten turns', () => {
    const book = new FiguresBook();
    for (let i = 1; i <= 15; i++) book.add(figures({ turnId: `a${i}`, latency: { ...NO_LATENCY, totalMs: i * 100 } }));
    expect(book.summary.medianOf).toBe(MEDIAN_TURNS);
    expect(book.summary.medianTotalMs).toBe(1050); // 600 … 1500
  });

  it('shows no cost while nothing had a price, and starts over after a reset', () => {
    const book = new FiguresBook();
    book.add(figures({ costUsd: null, conversationCostUsd: 0 }));
    expect(book.summary.costUsd).toBeNull();
    book.add(figures({ turnId: 'a2', costUsd: 0.5, conversationCostUsd: 0.5 }));
    book.add(figures({ turnId: 'a3', costUsd: null, conversationCostUsd: 0.5 }));
    expect(book.summary.costUsd).toBe(0.5);
    book.add(figures({ turnId: null }));
    expect(book.turns.size).toBe(3);
    book.reset();
    expect(book.summary).toEqual({ costUsd: null, medianTotalMs: null, medianOf: 0 });
    expect(book.turns.size).toBe(0);    // A continued conversation shows what it had cost before any new response.
    book.reset(0.25);
    expect(book.summary.costUsd).toBe(0.25);
  });
});

describe('formatting', () => {
  it('seconds, milliseconds and token counts stay short', () => {
    expect([formatSeconds(620.4), formatSeconds(12_345)]).toEqual(['0.62 s', '12.3 s']);
    expect([formatMs(0.183), formatMs(62.4), formatMs(1520)]).toEqual(['0.2 ms', '62 ms', '1.52 s']);
    expect([formatTokens(840), formatTokens(1234), formatTokens(56_789), formatTokens(2_345_678)]).toEqual(['840', '1.2k', '57k', '2.3M']);
  });
});
