// Conversations out of the history, as Markdown (to read) and as JSON (to keep or process). Times are UTC so
// that an export reads the same wherever it is opened.
import type { Conversation, StoredTurn, TurnLatency, TurnUsage } from './types';

export const EXPORT_FORMAT = 'voice-assistant-history';
/** Bumped when a field changes meaning or goes away; new fields may appear without a bump. */
export const EXPORT_VERSION = 1;

/** The JSON export: one document for one conversation or all of them. */
export interface HistoryExport {
  format: typeof EXPORT_FORMAT;
  version: typeof EXPORT_VERSION;
  /** ISO 8601, UTC. */
  exportedAt: string;
  conversations: ExportedConversation[];
}

export interface ExportedConversation {
  id: number;
  title: string | null;
  createdAt: string;
  updatedAt: string;
  turns: ExportedTurn[];
}

export interface ExportedTurn {
  seq: number;
  role: 'user' | 'assistant';
  kind: 'text' | 'voice';
  text: string;
  status: 'done' | 'cancelled' | 'truncated';
  truncatedAtMs: number | null;
  startedAt: string;
  completedAt: string;
  usage: TurnUsage | null;
  latency: TurnLatency | null;
}

const iso = (ms: number): string => new Date(ms).toISOString();

function exportedTurn(t: StoredTurn): ExportedTurn {
  return {
    seq: t.seq,
    role: t.role,
    kind: t.kind,
    text: t.text,
    status: t.status,
    truncatedAtMs: t.truncatedAtMs,
    startedAt: iso(t.startedAt),
    completedAt: iso(t.completedAt),
    usage: t.usage,
    latency: t.latency,
  };
}

export function toExport(conversations: readonly Conversation[], now: number = Date.now()): HistoryExport {
  return {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    exportedAt: iso(now),
    conversations: conversations.map((c) => ({ id: c.id, title: c.title, createdAt: iso(c.createdAt), updatedAt: iso(c.updatedAt), turns: c.turns.map(exportedTurn) })),
  };
}

export function exportJson(conversations: readonly Conversation[], now: number = Date.now()): string {
  return `${JSON.stringify(toExport(conversations, now), null, 2)}\n`;
}

/** "2025-01-02 10:00:01 UTC" */
export function readableTime(ms: number): string {
  return `${iso(ms).slice(0, 19).replace('T', ' ')} UTC`;
}

export function conversationTitle(c: Pick<Conversation, 'id' | 'title'>): string {
  return c.title ?? `Conversation ${c.id}`;
}

function turnHeading(t: StoredTurn): string {
  const notes = [t.kind === 'voice' ? 'spoken' : 'typed'];
  if (t.status === 'cancelled') notes.push('cancelled');
  if (t.status === 'truncated') notes.push(t.truncatedAtMs === null ? 'cut off' : `cut off at ${(t.truncatedAtMs / 1000).toFixed(1)} s`);
  return `**${t.role === 'user' ? 'You' : 'Assistant'}** · ${readableTime(t.startedAt)} · ${notes.join(', ')}`;
}

function conversationMarkdown(c: Conversation): string {
  const lines = [`# ${conversationTitle(c)}`, '', `Started ${readableTime(c.createdAt)} · ${c.turns.length} turn${c.turns.length === 1 ? '' : 's'}`, ''];
  for (const t of c.turns) lines.push(turnHeading(t), '', t.text.trim() === '' ? '*(no words)*' : t.text, '');
  return lines.join('\n');
}

/** One conversation after another, separated by rules. */
export function exportMarkdown(conversations: readonly Conversation[]): string {
  return conversations.map(conversationMarkdown).join('\n---\n\n');
}
