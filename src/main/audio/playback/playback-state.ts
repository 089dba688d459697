// The speaker's output lifecycle. Every state change in the pump goes through `transition`.
//
//   idle       nothing to play, no stream
//   buffering  audio accepted; waiting for the start threshold, the start timeout or the end of every item
//   playing    the pump owns a stream and writes to it (opening, lead-in, bridging, stall recovery included)
//   draining   every item ended and was written; the tail plays out before the stream closes
import { stateTable } from '../../state-table';

export type PlaybackState = 'idle' | 'buffering' | 'playing' | 'draining';

export const playbackStates = stateTable<PlaybackState>('playback', {
  idle: ['buffering'],
  // 'idle' from every other state: stop(), or the device could not be opened.
  buffering: ['playing', 'idle'],
  playing: ['draining', 'idle'],
  // Audio for a new item during the tail keeps the stream.
  draining: ['playing', 'idle'],
});
