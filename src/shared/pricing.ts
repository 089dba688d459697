// What a response cost: list prices per model (US dollars per 1M tokens, with the date they apply from) and
// the cost of one response's usage. The defaults are OpenAI's published list prices for its realtime
// models; a gateway may charge differently, so Settings can override any model's prices or add a model.
import { z } from 'zod';
import type { TurnUsageFigures } from './turn-figures';

const rate = z.number().nonnegative().max(100_000);

export const priceSchema = z.object({
  /** The day (YYYY-MM-DD) these prices were the list price from. */
  validFrom: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'A date as YYYY-MM-DD.'),
  textInput: rate,
  cachedTextInput: rate,
  textOutput: rate,
  audioInput: rate,
  cachedAudioInput: rate,
  audioOutput: rate,
});
export type Price = z.infer<typeof priceSchema>;

/** Model id → its prices; a user's table holds only what differs from the defaults. */
export const priceTableSchema = z
  .record(z.string().trim().min(1).max(200), priceSchema)
  .refine((table) => Object.keys(table).length <= 100, 'At most 100 models.');
export type PriceTable = z.infer<typeof priceTableSchema>;

/**
 * OpenAI's list prices as its model pages gave them in November 2026; `validFrom` is the day each became
 * the list price (a price can change after it). Not checked against gpt-realtime-mini's own page: its
 * rates other than text input ($0.60) are those of its launch, the same as gpt-realtime-2.1-mini's page.
 * The keys are model families: a dated snapshot (`gpt-realtime-2025-08-28`) is priced as its family,
 * unless the table names the snapshot itself (the first gpt-4o-realtime-preview snapshot cost more).
 */
export const DEFAULT_PRICES: Readonly<Record<string, Price>> = {
  'gpt-realtime': { validFrom: '2025-08-28', textInput: 4, cachedTextInput: 0.4, textOutput: 16, audioInput: 32, cachedAudioInput: 0.4, audioOutput: 64 },
  'gpt-realtime-mini': { validFrom: '2025-10-06', textInput: 0.6, cachedTextInput: 0.06, textOutput: 2.4, audioInput: 10, cachedAudioInput: 0.3, audioOutput: 20 },
  'gpt-4o-realtime-preview': { validFrom: '2024-12-17', textInput: 5, cachedTextInput: 2.5, textOutput: 20, audioInput: 40, cachedAudioInput: 2.5, audioOutput: 80 },
  'gpt-4o-realtime-preview-2024-10-01': { validFrom: '2024-10-01', textInput: 5, cachedTextInput: 2.5, textOutput: 20, audioInput: 100, cachedAudioInput: 20, audioOutput: 200 },
  'gpt-4o-mini-realtime-preview': { validFrom: '2024-12-17', textInput: 0.6, cachedTextInput: 0.3, textOutput: 2.4, audioInput: 10, cachedAudioInput: 0.3, audioOutput: 20 },
};

const SNAPSHOT_DATE = /-\d{4}-\d{2}-\d{2}$/;

/**
 * The prices for a model: the user's entry for the exact id, then the default, then the same for its
 * family (the id without a trailing snapshot date). Matching is exact otherwise: `gpt-realtime-2` is a
 * different model from `gpt-realtime`, and guessing would show a wrong cost as if it were right.
 */
export function priceFor(model: string | null | undefined, overrides: PriceTable = {}): Price | null {
  const id = model?.trim().toLowerCase();
  if (!id) return null;
  const lookup = (key: string): Price | null => (Object.hasOwn(overrides, key) ? overrides[key]! : Object.hasOwn(DEFAULT_PRICES, key) ? DEFAULT_PRICES[key]! : null);
  return lookup(id) ?? (SNAPSHOT_DATE.test(id) ? lookup(id.replace(SNAPSHOT_DATE, '')) : null);
}

/** The token counts the price applies to, derived from what the server reported. */
export interface BilledTokens {
  textInput: number;
  cachedTextInput: number;
  audioInput: number;
  cachedAudioInput: number;
  textOutput: number;
  audioOutput: number;
}

/**
 * Splits a usage into billed counts. Cached tokens are part of the input: each is billed at the cached
 * rate instead of the full one. A server that does not say how the cached tokens divide into text and
 * audio gets them shared out in proportion to the input's text and audio.
 */
export function billedTokens(usage: TurnUsageFigures): BilledTokens {
  const inAudio = usage.inputAudioTokens ?? 0;
  const inText = usage.inputTextTokens ?? Math.max(0, (usage.inputTokens ?? 0) - inAudio);
  const outAudio = usage.outputAudioTokens ?? 0;
  const outText = usage.outputTextTokens ?? Math.max(0, (usage.outputTokens ?? 0) - outAudio);
  const cached = Math.min(usage.cachedTokens ?? 0, inText + inAudio);
  const cachedAudio = Math.min(inAudio, cached, usage.cachedAudioTokens ?? (inText + inAudio > 0 ? Math.round((cached * inAudio) / (inText + inAudio)) : 0));
  const cachedText = Math.min(inText, cached - cachedAudio);
  return { textInput: inText - cachedText, cachedTextInput: cachedText, audioInput: inAudio - cachedAudio, cachedAudioInput: cachedAudio, textOutput: outText, audioOutput: outAudio };
}

/** US dollars for one response's usage at these prices. */
export function costOf(usage: TurnUsageFigures, price: Price): number {
  const t = billedTokens(usage);
  const perMillion =
    t.textInput * price.textInput +
    t.cachedTextInput * price.cachedTextInput +
    t.audioInput * price.audioInput +
    t.cachedAudioInput * price.cachedAudioInput +
    t.textOutput * price.textOutput +
    t.audioOutput * price.audioOutput;
  return perMillion / 1_000_000;
}

/** Dollars as a person reads them: cents for a dollar or more, three significant digits below that. */
export function formatUsd(usd: number): string {
  if (!Number.isFinite(usd) || usd <= 0) return '$0';
  if (usd >= 1) return `$${usd.toFixed(2)}`;
  if (usd < 0.0001) return '<$0.0001';
  return `$${Number(usd.toPrecision(usd >= 0.01 ? 2 : 1))}`;
}
