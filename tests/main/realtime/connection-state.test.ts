import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { connectionStates } from '../../../src/main/realtime/connection-state';
import type { ConnectionState } from '../../../src/main/realtime/types';
import { IllegalTransitionError } from '../../../src/main/state-table';
import { CONNECTION_STATES as STATES } from '../../../src/shared/domain';

const { canTransition, transition } = connectionStates;
const nextStates = (from: ConnectionState): ConnectionState[] => STATES.filter((to) => canTransition(from, to));

describe('connection state machine', () => {
  it('allows the normal lifecycle idle → connecting → open → closing → closed', () => {
    const path: ConnectionState[] = ['idle', 'connecting', 'open', 'closing', 'closed'];
    for (let i = 1; i < path.length; i++) {
      expect(transition(path[i - 1]!, path[i]!, true)).toBe(path[i]);
    }
  });

  it('allows the reconnect loop from open and from connecting', () => {
    expect(canTransition('open', 'reconnecting')).toBe(true);
    expect(canTransition('connecting', 'reconnecting')).toBe(true);
    expect(canTransition('reconnecting', 'connecting')).toBe(true);
  });

  it('lets a fatal failure end the session from any live state, and a closed client start again', () => {
    for (const s of ['idle', 'connecting', 'open', 'reconnecting', 'closing'] as const) {
      expect(canTransition(s, 'closed')).toBe(true);
    }
    expect(canTransition('closed', 'connecting')).toBe(true);
  });

  it.each([
    ['idle', 'open'],
    ['idle', 'reconnecting'],
    ['open', 'connecting'],
    ['closing', 'open'],
    ['closing', 'reconnecting'],
    ['closed', 'open'],
    ['closed', 'reconnecting'],
    ['reconnecting', 'open'],
  ] as const)('rejects %s → %s in strict mode', (from, to) => {
    expect(canTransition(from, to)).toBe(false);
    expect(() => transition(from, to, true)).toThrow(IllegalTransitionError);
    expect(() => transition(from, to, true)).toThrow(`${from} → ${to}`);
  });

  it('applies an illegal step anyway when not strict (production)', () => {
    expect(transition('closed', 'open', false)).toBe('open');
  });

  it('never allows a self-transition', () => {
    for (const s of STATES) expect(canTransition(s, s)).toBe(false);
  });

  it('can reach every state from idle and reach closed from every state', () => {
    const reachable = (from: ConnectionState): Set<ConnectionState> => {
      const seen = new Set<ConnectionState>([from]);
      const queue = [from];
      while (queue.length) {
        for (const n of nextStates(queue.shift()!)) {
          if (seen.has(n)) continue;
          seen.add(n);
          queue.push(n);
        }
      }
      return seen;
    };
    expect([...reachable('idle')].sort()).toEqual([...STATES].sort());
    for (const s of STATES) expect(reachable(s).has('closed')).toBe(true);
  });

  it('accepts any walk that follows the table and rejects any step that leaves it', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(), fc.constantFrom(...STATES)), { maxLength: 60 }), (steps) => {
        let state: ConnectionState = 'idle';
        for (const [pick, candidate] of steps) {
          const options = nextStates(state);
          const legal = options[pick % options.length]!;
          expect(transition(state, legal, true)).toBe(legal);
          state = legal;
          if (!nextStates(state).includes(candidate)) {
            expect(() => transition(state, candidate, true)).toThrow(IllegalTransitionError);
          }
        }
      }),
    );
  });
});
