import { describe, expect, it } from 'vitest';
import { playbackStates } from '../../../../src/main/audio/playback/playback-state';
import type { PlaybackState } from '../../../../src/main/audio/playback/playback-state';
import { IllegalTransitionError } from '../../../../src/main/state-table';

const { canTransition, transition } = playbackStates;

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
  });
});
