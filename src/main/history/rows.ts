// Rows as SQLite returns them, and their mapping to the history's types. JSON columns are parsed here only.
import type { ConversationSummary, StoredKind, StoredRole, StoredStatus, StoredTurn, TurnLatency, TurnUsage } from './types';

export interface ConversationRow {
  id: number;
  title: string | null;
  created_at: number;
  updated_at: number;
  deleted_at: number | null;
  turn_count: number;
}

export interface TurnRow {
  id: number;
  conversation_id: number;
  seq: number;
  role: StoredRole;
  kind: StoredKind;
  text: string;
  status: StoredStatus;
  truncated_at_ms: number | null;
  started_at: number;
  completed_at: number;
  usage: string | null;
  latency: string | null;
}

export function toSummary(row: ConversationRow): ConversationSummary {
  return { id: row.id, title: row.title, createdAt: row.created_at, updatedAt: row.updated_at, deletedAt: row.deleted_at, turnCount: row.turn_count };
}

export function toTurn(row: TurnRow): StoredTurn {
  return {
    id: row.id,
    conversationId: row.conversation_id,
    seq: row.seq,
    role: row.role,
    kind: row.kind,
    text: row.text,
    status: row.status,
    truncatedAtMs: row.truncated_at_ms,
    startedAt: row.started_at,
    completedAt: row.completed_at,
    usage: row.usage === null ? null : (JSON.parse(row.usage) as TurnUsage),
    latency: row.latency === null ? null : (JSON.parse(row.latency) as TurnLatency),
  };
}

/** null for an absent or empty object, so "no figures" is stored one way. */
export function jsonOrNull(value: object | null | undefined): string | null {
  return value && Object.keys(value).length > 0 ? JSON.stringify(value) : null;
}
