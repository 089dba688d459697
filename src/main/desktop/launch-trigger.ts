// Actions sent to the running app by launching it again with a flag, for desktops where no global key hook
// sees keys (Wayland): bind `voice-assistant --toggle-talk` to a key in the desktop's keyboard settings.
// The second launch hands its arguments to the running instance (Electron's single-instance lock) and exits.
import type { AppCore } from '../app/core';
import { dispatchRequest } from '../../shared/ipc/envelope';

export type LaunchAction = 'toggle-talk' | 'quick-ask';

/** The action a launch's arguments ask for, or null (then the window is just shown). */
export function launchAction(argv: readonly string[]): LaunchAction | null {
  if (argv.includes('--toggle-talk')) return 'toggle-talk';
  if (argv.includes('--quick-ask')) return 'quick-ask';
  return null;
}

/**
 * Push-to-talk without a held key: the first trigger starts a turn, the next one sends it. It holds the
 * push-to-talk lease as a client of its own, so a window's Hold to talk and this one do not mix.
 */
export class TalkToggle {
  private talking = false;
  private readonly client: ReturnType<AppCore['connect']>;

  constructor(private readonly core: Pick<AppCore, 'connect' | 'handlers'>) {
    this.client = core.connect('launch-trigger');
  }

  /** Resolves with what was done, or with the failure's message in plain words. */
  async toggle(): Promise<{ ok: true; did: 'started' | 'sent' } | { ok: false; message: string }> {
    const name = this.talking ? 'stopTalking' : 'startTalking';
    const result = await dispatchRequest(this.core.handlers, name, undefined, this.client);
    if (!result.ok) {
      this.talking = false;
      return { ok: false, message: result.error.message };
    }
    this.talking = !this.talking;
    return { ok: true, did: this.talking ? 'started' : 'sent' };
  }
}
