import { describe, it, expect } from 'vitest';
import { connectionStates } from '../../../src/main/realtime/connection-state';
import type { ConnectionState } from '../../../src/main/realtime/types';
import { IllegalTransitionError } from '../../../src/main/state-table';

const { canTransition, transition } = connectionStates;

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
  });
});
