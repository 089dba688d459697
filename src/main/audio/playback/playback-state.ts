// The speaker's output lifecycle as a pure transition table. Every state change in the pump goes through
// `transition`, so a sequence the write loop was not built for surfaces as a bug in tests.
//
//   idle       nothing to play, no stream
//   buffering  audio accepted; waiting for the start threshold, the start timeout or the end of every item
//   playing    the pump owns a stream and writes to it (opening, lead-in, bridging, stall recovery included)
//   draining   every item ended and was written; the tail plays out before the stream closes

export type PlaybackState = 'idle' | 'buffering' | 'playing' | 'draining';

const TRANSITIONS: Readonly<Record<PlaybackState, readonly PlaybackState[]>> = {
  idle: ['buffering'],
  // 'idle' from every other state: stop(), or the device could not be opened.
  buffering: ['playing', 'idle'],
  playing: ['draining', 'idle'],
  // Audio for a new item during the tail keeps the stream.
  draining: ['playing', 'idle'],
};

export const PLAYBACK_STATES: readonly PlaybackState[] = Object.keys(TRANSITIONS) as PlaybackState[];

export class IllegalPlaybackTransitionError extends Error {
  constructor(
    readonly from: PlaybackState,
    readonly to: PlaybackState,
  ) {
    super(`Illegal playback state transition: ${from} → ${to}`);
    this.name = 'IllegalPlaybackTransitionError';
  }
}

export function canTransition(from: PlaybackState, to: PlaybackState): boolean {
  return TRANSITIONS[from].includes(to);
}

/** The states reachable from `from` in one step. */
export function nextStates(from: PlaybackState): readonly PlaybackState[] {
  return TRANSITIONS[from];
}

/**
 * Returns `to` when the step is legal. An illegal step throws when `strict` (development and tests); in
 * production it is applied anyway, because a speaker that keeps following the device beats one that stops.
 */
export function transition(from: PlaybackState, to: PlaybackState, strict = isDevelopment()): PlaybackState {
  if (!canTransition(from, to) && strict) throw new IllegalPlaybackTransitionError(from, to);
  return to;
}

function isDevelopment(): boolean {
  return process.env['NODE_ENV'] !== 'production';
}
