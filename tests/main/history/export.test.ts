import { describe, expect, it } from 'vitest';
import { EXPORT_FORMAT, EXPORT_VERSION, exportJson, exportMarkdown, toExport } from '../../../src/main/history/export';
import type { Conversation } from '../../../src/main/history/types';

const T0 = Date.UTC(2025, 0, 2, 10, 0, 0);
const chat: Conversation = {
  id: 3,
  title: 'Weather in Paris',
  createdAt: T0,
  updatedAt: T0 + 9000,
  deletedAt: null,
  turnCount: 3,
  turns: [
    { id: 10, conversationId: 3, seq: 1, role: 'user', kind: 'voice', text: 'What is the weather in Paris?', status: 'done', truncatedAtMs: null, startedAt: T0 + 1000, completedAt: T0 + 2000, usage: null, latency: null },
    { id: 11, conversationId: 3, seq: 2, role: 'assistant', kind: 'voice', text: 'Sunny, around', status: 'truncated', truncatedAtMs: 2400, startedAt: T0 + 3000, completedAt: T0 + 6000, usage: { totalTokens: 52 }, latency: { firstAudioMs: 310 } },
    { id: 12, conversationId: 3, seq: 3, role: 'user', kind: 'text', text: '', status: 'cancelled', truncatedAtMs: null, startedAt: T0 + 8000, completedAt: T0 + 9000, usage: null, latency: null },
  ],
};
const untitled: Conversation = { id: 4, title: null, createdAt: T0, updatedAt: T0, deletedAt: null, turnCount: 0, turns: [] };

describe('history export', () => {
  it('writes JSON in the documented, versioned shape with UTC times', () => {
    const doc = JSON.parse(exportJson([chat], T0 + 60_000)) as unknown;
    expect(doc).toEqual({
      format: EXPORT_FORMAT,
      version: EXPORT_VERSION,
      exportedAt: '2025-01-02T10:01:00.000Z',
      conversations: [
        {
          id: 3,
          title: 'Weather in Paris',
          createdAt: '2025-01-02T10:00:00.000Z',
          updatedAt: '2025-01-02T10:00:09.000Z',
          turns: [
            { seq: 1, role: 'user', kind: 'voice', text: 'What is the weather in Paris?', status: 'done', truncatedAtMs: null, startedAt: '2025-01-02T10:00:01.000Z', completedAt: '2025-01-02T10:00:02.000Z', usage: null, latency: null },
            { seq: 2, role: 'assistant', kind: 'voice', text: 'Sunny, around', status: 'truncated', truncatedAtMs: 2400, startedAt: '2025-01-02T10:00:03.000Z', completedAt: '2025-01-02T10:00:06.000Z', usage: { totalTokens: 52 }, latency: { firstAudioMs: 310 } },
            { seq: 3, role: 'user', kind: 'text', text: '', status: 'cancelled', truncatedAtMs: null, startedAt: '2025-01-02T10:00:08.000Z', completedAt: '2025-01-02T10:00:09.000Z', usage: null, latency: null },
          ],
        },
      ],
    });
  });

  it('exports all conversations in one JSON document', () => {
    expect(toExport([chat, untitled]).conversations.map((c) => c.id)).toEqual([3, 4]);
    expect(toExport([]).conversations).toEqual([]);
  });

  it('writes readable Markdown: title, who spoke, how, when, and where a reply was cut', () => {
    expect(exportMarkdown([chat])).toBe(
      [
        '# Weather in Paris',
        '',
        'Started 2025-01-02 10:00:00 UTC · 3 turns',
        '',
        '**You** · 2025-01-02 10:00:01 UTC · spoken',
        '',
        'What is the weather in Paris?',
        '',
        '**Assistant** · 2025-01-02 10:00:03 UTC · spoken, cut off at 2.4 s',
        '',
        'Sunny, around',
        '',
        '**You** · 2025-01-02 10:00:08 UTC · typed, cancelled',
        '',
        '*(no words)*',
        '',
      ].join('\n'),
    );
  });

  it('separates conversations with a rule and names an untitled one by its id', () => {
    const md = exportMarkdown([chat, untitled]);
    expect(md.split('\n---\n')).toHaveLength(2);
    expect(md).toContain('# Conversation 4\n\nStarted 2025-01-02 10:00:00 UTC · 0 turns\n');
  });
});
