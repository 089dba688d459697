// The conversation history as the contract carries it to the window: what the core's history store
// (src/main/history) hands out, declared once as zod schemas so the page gets only what they allow.
import { z } from 'zod';

const id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const time = z.number();

export const historyIdSchema = id;

export const conversationSummarySchema = z.object({
  id,
  /** From the first user turn when none was given; null until there is one. */
  title: z.string().nullable(),
  createdAt: time,
  updatedAt: time,
  turnCount: z.number().int().nonnegative(),
});
export type ConversationSummary = z.infer<typeof conversationSummarySchema>;

const count = z.number().optional();
/** Token counts as the server reported them; any may be missing. */
const usageSchema = z.object({ inputTokens: count, outputTokens: count, totalTokens: count, inputAudioTokens: count, outputAudioTokens: count, cachedTokens: count });

export const historyTurnSchema = z.object({
  id,
  /** 1, 2, 3… in the order the turns completed. */
  seq: z.number().int().positive(),
  role: z.enum(['user', 'assistant']),
  kind: z.enum(['text', 'voice']),
  text: z.string(),
  status: z.enum(['done', 'cancelled', 'truncated']),
  truncatedAtMs: z.number().nullable(),
  startedAt: time,
  completedAt: time,
  usage: usageSchema.nullable(),
  /** Milliseconds, each named by what it measures. */
  latency: z.record(z.string(), z.number()).nullable(),
});
export type HistoryTurn = z.infer<typeof historyTurnSchema>;

export const storedConversationSchema = conversationSummarySchema.extend({ turns: z.array(historyTurnSchema) });
export type StoredConversation = z.infer<typeof storedConversationSchema>;

/** The matched words are the parts with `hit`, for the page to highlight without parsing markers. */
export const searchHitSchema = z.object({
  conversationId: id,
  conversationTitle: z.string().nullable(),
  turnId: id,
  seq: z.number().int().positive(),
  role: z.enum(['user', 'assistant']),
  startedAt: time,
  parts: z.array(z.object({ text: z.string(), hit: z.boolean() })),
});
export type SearchHit = z.infer<typeof searchHitSchema>;

/** What was used and spent on one local calendar day (the core's usageByDay query). */
export const dayUsageSchema = z.object({
  /** The local calendar day, YYYY-MM-DD. */
  day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  /** Turns with usage: one per response. */
  responses: z.number().int().nonnegative(),
  inputTokens: z.number(),
  outputTokens: z.number(),
  cachedTokens: z.number(),
  /** US dollars, of the responses that had a price. */
  costUsd: z.number(),
  /** Responses with counts but no price (a model without one): the cost leaves them out. */
  unpriced: z.number().int().nonnegative(),
});
export type DayUsage = z.infer<typeof dayUsageSchema>;
export type UsageTotals = Omit<DayUsage, 'day'>;

/** The sum over the days, for the totals line of the window's table and the CLI's. */
export function totalUsage(days: readonly DayUsage[]): UsageTotals {
  const total: UsageTotals = { responses: 0, inputTokens: 0, outputTokens: 0, cachedTokens: 0, costUsd: 0, unpriced: 0 };
  for (const d of days) {
    total.responses += d.responses;
    total.inputTokens += d.inputTokens;
    total.outputTokens += d.outputTokens;
    total.cachedTokens += d.cachedTokens;
    total.costUsd += d.costUsd;
    total.unpriced += d.unpriced;
  }
  return total;
}

/** $0.0123: four decimals, as a short reply costs fractions of a cent that two would show as $0.00. */
export const formatUsageCost = (usd: number): string => `$${usd.toFixed(4)}`;

export const HISTORY_PAGE_MAX = 200;
/** The days `usageByDay` covers unless asked for others: today and the 29 before it. */
export const USAGE_DAYS_DEFAULT = 30;
export const USAGE_DAYS_MAX = 366;
export const EXPORT_FORMATS = ['md', 'json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const historyRequests = {
  listConversations: {
    input: z.object({ limit: z.number().int().min(1).max(HISTORY_PAGE_MAX).optional(), offset: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional() }).strict().optional(),
    /** `hasMore`: a later page has conversations too. */
    output: z.object({ conversations: z.array(conversationSummarySchema), hasMore: z.boolean() }),
  },
  searchHistory: {
    input: z.object({ text: z.string().max(1000), limit: z.number().int().min(1).max(HISTORY_PAGE_MAX).optional() }).strict(),
    output: z.object({ hits: z.array(searchHitSchema) }),
  },
  getHistoryConversation: { input: z.object({ id }).strict(), output: storedConversationSchema },
  renameConversation: { input: z.object({ id, title: z.string().trim().min(1).max(500) }).strict(), output: conversationSummarySchema },
  deleteConversation: { input: z.object({ id }).strict(), output: z.object({ ok: z.literal(true) }) },
  restoreConversation: { input: z.object({ id }).strict(), output: z.object({ ok: z.literal(true) }) },
  /** One conversation (`id`) or every one, as Markdown or JSON (the CLI's export); the page saves the text. */
  exportHistory: {
    input: z.object({ id: id.optional(), format: z.enum(EXPORT_FORMATS) }).strict(),
    output: z.object({ text: z.string() }),
  },
  /** Usage and cost per local day over the last `days` days (today included), oldest first; days without usage are left out. */
  usageByDay: {
    input: z.object({ days: z.number().int().min(1).max(USAGE_DAYS_MAX).optional() }).strict().optional(),
    output: z.object({ days: z.array(dayUsageSchema) }),
  },
} as const;

export type HistoryRequestName = keyof typeof historyRequests;
