// What the status bar shows of the core's microphone mute. The toggle keeps one name, "Mute microphone", and
// says its state with aria-pressed (a toggle whose name also flipped would read "Unmute microphone, pressed");
// its hover text says what a click does.
import type { EventPayload } from '../../../shared/ipc/contract';

export const MUTE_TOGGLE_NAME = 'Mute microphone';

export interface MicMuteView {
  pressed: boolean;
  /** The toggle's hover text. */
  hint: 'Mute microphone' | 'Unmute microphone';
  /** Said in the status line while muted, with an Unmute button beside it; null otherwise. */
  indicator: string | null;
}

export function micMuteView(status: Pick<EventPayload<'status'>, 'micMuted'>): MicMuteView {
  return status.micMuted
    ? { pressed: true, hint: 'Unmute microphone', indicator: 'Microphone muted' }
    : { pressed: false, hint: 'Mute microphone', indicator: null };
}
