// The user's "Mute microphone" (tray menu and window). A switch for this run only, never a setting: a mute
// that outlived a restart would look like a broken microphone.
import { EventEmitter } from 'node:events';
import type { TalkMode } from '../../shared/domain';
import { MicrophoneAccessError, type AudioServicePort } from '../audio/ports';
import { MicrophoneGate } from './microphone-gate';

export const MICROPHONE_MUTED = 'The microphone is muted. Unmute it from the tray menu or the window.';

export class MicrophoneMute extends EventEmitter<{ change: [muted: boolean] }> {
  private state = false;

  get muted(): boolean {
    return this.state;
  }

  /** Tells the change, and only a change, to the 'change' listeners. */
  set(muted: boolean): void {
    if (muted === this.state) return;
    this.state = muted;
    this.emit('change', muted);
  }
}

/**
 * The audio service with the mute in front of the assistant's microphone: while muted nothing it hears
 * reaches the assistant, hence the server. In push-to-talk each opening is a press, refused with the reason
 * in plain words. In hands-free the microphone is opened at all times (at a reconnect, at a switch of mode),
 * so it opens and stays silent instead: refused, it would stay closed after unmuting until the mode changed.
 * The Settings meter is not muted: the user may be testing the microphone.
 */
export function withMicrophoneMute(audio: AudioServicePort, mute: MicrophoneMute, talkMode: () => TalkMode): AudioServicePort {
  return new MicrophoneGate(audio, {
    beforeOpen: async () => {
      if (mute.muted && talkMode() === 'ptt') throw new MicrophoneAccessError(MICROPHONE_MUTED);
    },
    passes: () => !mute.muted,
  });
}
