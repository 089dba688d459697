/* eslint-disable @typescript-eslint/ban-ts-comment */
// @ts-nocheck -- renderer sources belong to tsconfig.web.json; the node project (which globs tests/**) cannot
// include them without TS6307, so these files are type-checked by neither until the configs split them.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { TurnList } from '../../../../src/renderer/src/lib/turn-list';
import type { Turn } from '../../../../src/shared/domain';

const turn = (id: string, text = ''): Turn => ({ id, role: 'assistant', kind: 'text', text, status: 'in_progress', createdAt: 0 });

describe('TurnList', () => {
  it('appends new turns and updates known ones in place', () => {
    const list = new TurnList();
    list.upsert(turn('a', 'x'));
    list.upsert(turn('b'));
    const after = list.upsert(turn('a', 'xy'));
    expect(after.map((t) => [t.id, t.text])).toEqual([
      ['a', 'xy'],
      ['b', ''],
    ]);
  });

  it('returns a new array on every change, so reactive holders see it', () => {
    const list = new TurnList();
    const first = list.upsert(turn('a'));
    const second = list.upsert(turn('a', 'more'));
    expect(second).not.toBe(first);
    expect(first[0]!.text).toBe('');
  });

  it('replace starts over', () => {
    const list = new TurnList();
    list.upsert(turn('a'));
    expect(list.replace([turn('c'), turn('d')]).map((t) => t.id)).toEqual(['c', 'd']);
    expect(list.upsert(turn('a')).map((t) => t.id)).toEqual(['c', 'd', 'a']);
  });

  it('matches a naive model for any sequence of upserts', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom('a', 'b', 'c', 'd', 'e'), fc.string({ maxLength: 3 })), { maxLength: 60 }), (ops) => {
        const list = new TurnList();
        const model: Turn[] = [];
        for (const [id, text] of ops) {
          list.upsert(turn(id, text));
          const at = model.findIndex((t) => t.id === id);
          if (at >= 0) model[at] = turn(id, text);
          else model.push(turn(id, text));
        }
        expect(list.turns).toEqual(model);
      }),
    );
  });
});
