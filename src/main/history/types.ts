// What the history keeps: conversations and their completed turns. Timestamps are milliseconds since the
// epoch (UTC); ids are SQLite integers, short enough to type on the command line (`history show 12`).

export type StoredRole = 'user' | 'assistant';
/** How the turn was said: typed text, or a voice turn whose text is its transcript. */
export type StoredKind = 'text' | 'voice';
/** A turn is stored once it is over: answered in full, cancelled, or cut off while playing (truncated). */
export type StoredStatus = 'done' | 'cancelled' | 'truncated';

/** Token counts as the server reported them (response.done's usage, camel-cased); any may be missing. */
export interface TurnUsage {
  inputTokens?: number;
  outputTokens?: number;
  totalTokens?: number;
  inputTextTokens?: number;
  inputAudioTokens?: number;
  outputTextTokens?: number;
  outputAudioTokens?: number;
  cachedTokens?: number;
  cachedAudioTokens?: number;
  /** What the app priced the response at when it completed (src/shared/pricing.ts), in US dollars. */
  costUsd?: number;
}

/** Latency figures in milliseconds, each measured by the app; named so that new ones can be added freely. */
export type TurnLatency = Readonly<Record<string, number>>;

/** What `appendTurn` takes: a turn that has completed. */
export interface NewTurn {
  role: StoredRole;
  kind: StoredKind;
  /** Text, or the transcript (trimmed to what was heard when truncated). */
  text: string;
  status: StoredStatus;
  /** Where playback was cut, for a truncated turn. */
  truncatedAtMs?: number | null;
  startedAt: number;
  completedAt: number;
  usage?: TurnUsage | null;
  latency?: TurnLatency | null;
}

export interface StoredTurn {
  id: number;
  conversationId: number;
  /** 1, 2, 3… within the conversation, in the order the turns completed. */
  seq: number;
  role: StoredRole;
  kind: StoredKind;
  text: string;
  status: StoredStatus;
  truncatedAtMs: number | null;
  startedAt: number;
  completedAt: number;
  usage: TurnUsage | null;
  latency: TurnLatency | null;
}

export interface ConversationSummary {
  id: number;
  /** From the first user turn when none was given; null until there is one. */
  title: string | null;
  createdAt: number;
  updatedAt: number;
  /** Set while the conversation is deleted but can still be restored. */
  deletedAt: number | null;
  turnCount: number;
}

export interface Conversation extends ConversationSummary {
  turns: StoredTurn[];
}

/** A piece of a snippet: `hit` marks the words that matched, for the renderer to highlight. */
export interface SnippetPart {
  text: string;
  hit: boolean;
}

export interface SearchHit {
  conversationId: number;
  conversationTitle: string | null;
  turnId: number;
  seq: number;
  role: StoredRole;
  startedAt: number;
  /** The matching part of the turn with the matched words between « and » (plain output). */
  snippet: string;
  /** The same snippet in parts, so a view can highlight without parsing markers. */
  parts: SnippetPart[];
}

/** The retention setting: keep forever (null), or drop conversations untouched for this many days. */
export const RETENTION_CHOICES = [null, 90, 30] as const;
export type RetentionDays = (typeof RETENTION_CHOICES)[number];
