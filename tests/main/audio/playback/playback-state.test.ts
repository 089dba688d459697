import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { playbackStates } from '../../../../src/main/audio/playback/playback-state';
import type { PlaybackState } from '../../../../src/main/audio/playback/playback-state';
import { IllegalTransitionError } from '../../../../src/main/state-table';

const { canTransition, nextStates, transition, states: PLAYBACK_STATES } = playbackStates;

describe('playback state machine', () => {
  it('allows the normal lifecycle idle → buffering → playing → draining → idle', () => {
    const path: PlaybackState[] = ['idle', 'buffering', 'playing', 'draining', 'idle'];
    for (let i = 1; i < path.length; i++) expect(transition(path[i - 1]!, path[i]!, true)).toBe(path[i]);
  });

  it('goes back to playing when audio comes during the tail', () => {
    expect(canTransition('draining', 'playing')).toBe(true);
  });

  it('lets a stop or a failed open end playback from every other state', () => {
    for (const s of ['buffering', 'playing', 'draining'] as const) expect(canTransition(s, 'idle')).toBe(true);
  });

  it.each([
    ['idle', 'playing'],
    ['idle', 'draining'],
    ['buffering', 'draining'],
    ['playing', 'buffering'],
    ['draining', 'buffering'],
  ] as const)('rejects %s → %s in strict mode', (from, to) => {
    expect(canTransition(from, to)).toBe(false);
    expect(() => transition(from, to, true)).toThrow(IllegalTransitionError);
    expect(() => transition(from, to, true)).toThrow(`${from} → ${to}`);
  });

  it('applies an illegal step anyway when not strict (production)', () => {
    expect(transition('idle', 'draining', false)).toBe('draining');
  });

  it('never allows a self-transition', () => {
    for (const s of PLAYBACK_STATES) expect(canTransition(s, s)).toBe(false);
  });

  it('can reach every state from idle and get back to idle from every state', () => {
    const reachable = (from: PlaybackState): Set<PlaybackState> => {
      const seen = new Set<PlaybackState>([from]);
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
    expect([...reachable('idle')].sort()).toEqual([...PLAYBACK_STATES].sort());
    for (const s of PLAYBACK_STATES) expect(reachable(s).has('idle')).toBe(true);
  });

  it('accepts any walk that follows the table and rejects any step that leaves it', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(), fc.constantFrom(...PLAYBACK_STATES)), { maxLength: 60 }), (steps) => {
        let state: PlaybackState = 'idle';
        for (const [pick, candidate] of steps) {
          const options = nextStates(state);
          const legal = options[pick % options.length]!;
          expect(transition(state, legal, true)).toBe(legal);
          state = legal;
          if (!nextStates(state).includes(candidate)) expect(() => transition(state, candidate, true)).toThrow(IllegalTransitionError);
        }
      }),
    );
  });
});
