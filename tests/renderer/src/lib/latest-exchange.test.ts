/* eslint-disable @typescript-eslint/ban-ts-comment */
// @ts-nocheck -- renderer sources belong to tsconfig.web.json; the node project (which globs tests/**) cannot
// include them without TS6307, so these files are type-checked by neither until the configs split them.
import { describe, expect, it } from 'vitest';
import { latestExchange } from '../../../../src/renderer/src/lib/latest-exchange';
import type { Turn } from '../../../../src/shared/domain';

const turn = (id: string, role: Turn['role'], status: Turn['status'] = 'done'): Turn => ({ id, role, kind: 'text', text: id, status, createdAt: 0 });

describe('latestExchange', () => {
  it('is empty for an empty conversation', () => {
    expect(latestExchange([])).toEqual({ question: null, answer: null });
  });

  it('is the newest question and the reply after it, not earlier turns', () => {
    const turns = [turn('q1', 'user'), turn('a1', 'assistant'), turn('q2', 'user'), turn('a2', 'assistant', 'in_progress')];
    expect(latestExchange(turns)).toEqual({ question: turns[2], answer: turns[3] });
  });

  it('has no answer yet right after a question, even when an older answer exists', () => {
    const turns = [turn('q1', 'user'), turn('a1', 'assistant'), turn('q2', 'user')];
    expect(latestExchange(turns)).toEqual({ question: turns[2], answer: null });
  });

  it('takes the newest reply when several follow one question', () => {
    const turns = [turn('q1', 'user'), turn('a1', 'assistant', 'cancelled'), turn('a2', 'assistant')];
    expect(latestExchange(turns).answer).toBe(turns[2]);
  });

  it('shows a reply with no question before it (a greeting)', () => {
    const turns = [turn('a0', 'assistant')];
    expect(latestExchange(turns)).toEqual({ question: null, answer: turns[0] });
  });
});
