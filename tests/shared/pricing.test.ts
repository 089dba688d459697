import { describe, expect, it } from 'vitest';
import { billedTokens, costOf, DEFAULT_PRICES, formatUsd, priceFor, priceTableSchema, type Price } from '../../src/shared/pricing';

const PRICE: Price = { validFrom: '2025-01-01', textInput: 4, cachedTextInput: 0.4, textOutput: 16, audioInput: 32, cachedAudioInput: 0.5, audioOutput: 64 };

describe('priceFor', () => {
  it('knows the realtime models, a dated snapshot as its family, and nothing it would have to guess', () => {
    expect(priceFor('gpt-realtime')).toBe(DEFAULT_PRICES['gpt-realtime']);
    expect(priceFor('gpt-realtime-2025-08-28')).toBe(DEFAULT_PRICES['gpt-realtime']);
    expect(priceFor(' GPT-Realtime-Mini-2025-10-06 ')).toBe(DEFAULT_PRICES['gpt-realtime-mini']);
    expect(priceFor('gpt-4o-mini-realtime-preview-2024-12-17')).toBe(DEFAULT_PRICES['gpt-4o-mini-realtime-preview']);
    expect(priceFor('gpt-4o-realtime-preview-2025-06-03')).toBe(DEFAULT_PRICES['gpt-4o-realtime-preview']);
    // The first snapshot had prices of its own.
    expect(priceFor('gpt-4o-realtime-preview-2024-10-01')?.audioOutput).toBe(200);
    for (const unknown of ['gpt-realtime-2', 'sim-realtime', 'gpt-4o', '', null, undefined]) expect(priceFor(unknown)).toBeNull();
  });

  it('takes the user’s prices first, for a known model or a new one', () => {
    expect(priceFor('gpt-realtime-2025-08-28', { 'gpt-realtime': PRICE })).toBe(PRICE);
    expect(priceFor('my-gateway-model', { 'my-gateway-model': PRICE })).toBe(PRICE);
    expect(priceFor('gpt-realtime-mini', { 'gpt-realtime': PRICE })).toBe(DEFAULT_PRICES['gpt-realtime-mini']);
    expect(priceFor('constructor', {})).toBeNull(); // not an inherited property
  });

  it('every default is a valid table entry with a date', () => {
    expect(priceTableSchema.safeParse(DEFAULT_PRICES).success).toBe(true);
    expect(priceTableSchema.safeParse({ x: { ...PRICE, validFrom: 'January' } }).success).toBe(false);
    expect(priceTableSchema.safeParse({ x: { ...PRICE, audioInput: -1 } }).success).toBe(false);
  });
});

describe('billedTokens and costOf', () => {
  it('bills cached input at the cached rate and the rest of the input at the full rate', () => {
    // 600 text in (100 of them cached), 400 audio in (300 cached), as the service splits them.
    const usage = { inputTokens: 1000, inputTextTokens: 600, inputAudioTokens: 400, cachedTokens: 400, cachedAudioTokens: 300, outputTokens: 250, outputTextTokens: 50, outputAudioTokens: 200 };
    expect(billedTokens(usage)).toEqual({ textInput: 500, cachedTextInput: 100, audioInput: 100, cachedAudioInput: 300, textOutput: 50, audioOutput: 200 });
    const expected = (500 * 4 + 100 * 0.4 + 100 * 32 + 300 * 0.5 + 50 * 16 + 200 * 64) / 1e6;
    expect(costOf(usage, PRICE)).toBeCloseTo(expected, 12);
  });

  it('derives text from the totals, and shares cached tokens out in proportion when the split is not given', () => {
    const usage = { inputTokens: 1000, inputAudioTokens: 750, cachedTokens: 400, outputTokens: 100, outputAudioTokens: 80 };
    expect(billedTokens(usage)).toEqual({ textInput: 150, cachedTextInput: 100, audioInput: 450, cachedAudioInput: 300, textOutput: 20, audioOutput: 80 });
  });

  it('never bills a negative count, whatever the server says', () => {
    const odd = { inputTokens: 10, inputAudioTokens: 50, cachedTokens: 500, cachedAudioTokens: 900, outputTokens: 1, outputAudioTokens: 5 };
    const t = billedTokens(odd);
    for (const n of Object.values(t)) expect(n).toBeGreaterThanOrEqual(0);
    expect(costOf({}, PRICE)).toBe(0);
  });

  it('prices a typical gpt-realtime voice turn at a few cents', () => {
    const usage = { inputTokens: 1200, inputTextTokens: 400, inputAudioTokens: 800, cachedTokens: 768, cachedAudioTokens: 512, outputTokens: 260, outputTextTokens: 60, outputAudioTokens: 200 };
    expect(costOf(usage, priceFor('gpt-realtime')!)).toBeCloseTo(0.0238592, 7);
  });
});

describe('formatUsd', () => {
  it('reads like money at every size', () => {
    expect(formatUsd(0)).toBe('$0');
    expect(formatUsd(0.00004)).toBe('<$0.0001');
    expect(formatUsd(0.0043)).toBe('$0.004');
    expect(formatUsd(0.0123)).toBe('$0.012');
    expect(formatUsd(0.456)).toBe('$0.46');
    expect(formatUsd(12.3456)).toBe('$12.35');
  });
});
