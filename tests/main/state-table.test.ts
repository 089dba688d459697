// The transition-table helper, and the properties every lifecycle built on it must have: no self-steps,
// every state reachable from the start, the resting state reachable from every state, and a walk that
// follows the table accepted while any step off it is refused in strict mode.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { playbackStates } from '../../src/main/audio/playback/playback-state';
import { connectionStates } from '../../src/main/realtime/connection-state';
import { IllegalTransitionError, stateTable, type StateTable } from '../../src/main/state-table';

describe('stateTable', () => {
  const table = stateTable<'a' | 'b'>('example', { a: ['b'], b: [] });

  it('refuses an illegal step in strict mode, naming the machine and the step', () => {
    expect(() => table.transition('b', 'a', true)).toThrow(IllegalTransitionError);
    expect(() => table.transition('b', 'a', true)).toThrow('Illegal example state transition: b → a');
  });

  it('applies an illegal step anyway when not strict (production)', () => {
    expect(table.transition('b', 'a', false)).toBe('a');
  });
});

const machines: [string, StateTable<string>, string, string][] = [
  ['connection', connectionStates as StateTable<string>, 'idle', 'closed'],
  ['playback', playbackStates as StateTable<string>, 'idle', 'idle'],
];

describe.each(machines)('the %s lifecycle', (_name, table, start, rest) => {
  const reachable = (from: string): Set<string> => {
    const seen = new Set([from]);
    const queue = [from];
    while (queue.length) {
      for (const next of table.nextStates(queue.shift()!)) {
        if (seen.has(next)) continue;
        seen.add(next);
        queue.push(next);
      }
    }
    return seen;
  };

  it('never steps to itself', () => {
    for (const s of table.states) expect(table.canTransition(s, s)).toBe(false);
  });

  it(`reaches every state from ${start}, and ${rest} from every state`, () => {
    expect([...reachable(start)].sort()).toEqual([...table.states].sort());
    for (const s of table.states) expect(reachable(s).has(rest)).toBe(true);
  });

  it('accepts any walk that follows the table and refuses any step that leaves it', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(), fc.constantFrom(...table.states)), { maxLength: 60 }), (steps) => {
        let state = start;
        for (const [pick, candidate] of steps) {
          const options = table.nextStates(state);
          const legal = options[pick % options.length]!;
          expect(table.transition(state, legal, true)).toBe(legal);
          state = legal;
          if (!table.nextStates(state).includes(candidate)) expect(() => table.transition(state, candidate, true)).toThrow(IllegalTransitionError);
        }
      }),
    );
  });
});
