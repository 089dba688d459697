/* eslint-disable @typescript-eslint/ban-ts-comment */
// @ts-nocheck -- renderer sources belong to tsconfig.web.json; the node project (which globs tests/**) cannot
// include them without TS6307, so these files are type-checked by neither until the configs split them.
// The status bar's mute controls, from the core's status: one toggle whose name never changes, pressed while
// muted, and the "Microphone muted" line only then.
import { describe, expect, it } from 'vitest';
import { MUTE_TOGGLE_NAME, micMuteView } from '../../../../src/renderer/src/lib/mic-mute';

describe('micMuteView', () => {
  it('while muted: the toggle pressed, its hint the way back, and the status line says so', () => {
    expect(micMuteView({ micMuted: true })).toEqual({ pressed: true, hint: 'Unmute microphone', indicator: 'Microphone muted' });
  });

  it('unmuted: the toggle not pressed, its hint what a click does, nothing in the status line', () => {
    expect(micMuteView({ micMuted: false })).toEqual({ pressed: false, hint: 'Mute microphone', indicator: null });
  });

  it('names the toggle the same in both states: aria-pressed carries the state', () => {
    expect(MUTE_TOGGLE_NAME).toBe('Mute microphone');
  });
});
