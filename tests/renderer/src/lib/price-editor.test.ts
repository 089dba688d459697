/* eslint-disable @typescript-eslint/ban-ts-comment */
// @ts-nocheck -- renderer sources belong to tsconfig.web.json; the node project (which globs tests/**) cannot
// include them without TS6307, so these files are type-checked by neither until the configs split them.
import { describe, expect, it } from 'vitest';
import { modelChoices, priceInEffect, withoutPrice, withPrice } from '../../../../src/renderer/src/lib/price-editor';
import { DEFAULT_PRICES, priceTableSchema } from '../../../../src/shared/pricing';
import { validatePatch } from '../../../../src/renderer/src/lib/settings-form';

describe('the price editor', () => {
  it('offers the models in use first, then the user’s, then the built-in ones, each once', () => {
    const choices = modelChoices({ 'my-model': { ...DEFAULT_PRICES['gpt-realtime'] } }, ['gpt-realtime-2025-08-28', '', null, 'GPT-Realtime']);
    expect(choices.slice(0, 3)).toEqual(['gpt-realtime-2025-08-28', 'gpt-realtime', 'my-model']);
    expect(choices).toContain('gpt-4o-mini-realtime-preview');
    expect(new Set(choices).size).toBe(choices.length);
  });

  it('shows the price in effect and where it comes from', () => {
    expect(priceInEffect('gpt-realtime-2025-08-28', {})).toEqual({ price: DEFAULT_PRICES['gpt-realtime'], source: 'built-in' });
    const mine = { ...DEFAULT_PRICES['gpt-realtime'], audioOutput: 50 };
    expect(priceInEffect('gpt-realtime', { 'gpt-realtime': mine })).toEqual({ price: mine, source: 'yours' });
    expect(priceInEffect('unknown-model', {})).toMatchObject({ source: 'none', price: { textInput: 0, audioOutput: 0 } });
  });

  it('an edit starts from the price in effect and gives a new, valid table; removing it brings the list price back', () => {
    const before = {};
    const after = withPrice(before, 'gpt-realtime-mini', 'audioOutput', 18);
    expect(after).not.toBe(before);
    expect(after['gpt-realtime-mini']).toEqual({ ...DEFAULT_PRICES['gpt-realtime-mini'], audioOutput: 18 });
    expect(priceTableSchema.safeParse(after).success).toBe(true);
    expect(withoutPrice(after, 'gpt-realtime-mini')).toEqual({});
    expect(after['gpt-realtime-mini']).toBeDefined(); // the old table is left as it was
  });

  it('an empty or negative price is reported in words next to the prices', () => {
    const bad = withPrice({}, 'gpt-realtime', 'textInput', Number.NaN);
    expect(validatePatch({ prices: bad }).prices).toMatch(/dollars per million tokens/);
    expect(validatePatch({ costWarningUsd: -1 }).costWarningUsd).toMatch(/leave it empty/);
    expect(validatePatch({ costWarningUsd: null })).toEqual({});
  });
});
