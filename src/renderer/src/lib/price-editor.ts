// The Settings form's price table: which models to offer, the price in effect for one (the user's, or the
// built-in list price), and the edits, each returning a new table so the form sees it changed.
import { DEFAULT_PRICES, priceFor, type Price, type PriceTable } from '../../../shared/pricing';

export const PRICE_FIELDS = [
  ['textInput', 'Text input'],
  ['cachedTextInput', 'Cached text input'],
  ['textOutput', 'Text output'],
  ['audioInput', 'Audio input'],
  ['cachedAudioInput', 'Cached audio input'],
  ['audioOutput', 'Audio output'],
] as const;
export type PriceField = (typeof PRICE_FIELDS)[number][0];

/** The models to offer: those in use first (the session's, the one set), then every one with a price. */
export function modelChoices(overrides: PriceTable, inUse: readonly (string | null | undefined)[]): string[] {
  const seen = new Set<string>();
  for (const model of [...inUse, ...Object.keys(overrides), ...Object.keys(DEFAULT_PRICES)]) {
    const id = model?.trim().toLowerCase();
    if (id) seen.add(id);
  }
  return [...seen];
}

export interface PriceInEffect {
  price: Price;
  /** 'yours' when the user's table has the model; 'built-in' for a list price; 'none' when neither does. */
  source: 'yours' | 'built-in' | 'none';
}

const BLANK: Price = { validFrom: today(), textInput: 0, cachedTextInput: 0, textOutput: 0, audioInput: 0, cachedAudioInput: 0, audioOutput: 0 };

export function priceInEffect(model: string, overrides: PriceTable): PriceInEffect {
  if (Object.hasOwn(overrides, model)) return { price: overrides[model]!, source: 'yours' };
  const builtIn = priceFor(model);
  return builtIn ? { price: builtIn, source: 'built-in' } : { price: BLANK, source: 'none' };
}

/** The table with one field of the model's price changed (starting from the price in effect). */
export function withPrice(overrides: PriceTable, model: string, field: PriceField | 'validFrom', value: number | string): PriceTable {
  return { ...overrides, [model]: { ...priceInEffect(model, overrides).price, [field]: value } };
}

/** The table without the user's price for the model: the built-in list price applies again. */
export function withoutPrice(overrides: PriceTable, model: string): PriceTable {
  const rest = { ...overrides };
  delete rest[model];
  return rest;
}

function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
