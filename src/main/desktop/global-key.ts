// The global push-to-talk key wired to the core: one composition for the Electron entry and for web mode
// (`--global-hotkey`), so the key that ships is the key the tests hold under Xvfb. The key is a client of
// its own: what it holds (the push-to-talk lease) is not any window's.
import type { AppCore } from '../app/core';
import type { SettingsService } from '../settings/settings-service';
import { dispatchRequest } from '../../shared/ipc/envelope';
import { PushToTalkKey, type PushToTalkKeyOptions } from '../hotkey/push-to-talk-key';
import { errorText } from '../../shared/error-text';

export interface GlobalKeyOptions {
  core: Pick<AppCore, 'connect' | 'handlers' | 'notify'>;
  settings: SettingsService;
  /** A reason already shown as a startup notice: not repeated when the hook reports it. */
  knownProblem?: string | null;
  /** For tests: a stand-in for the native hook. */
  hook?: ConstructorParameters<typeof PushToTalkKey>[1];
  keyOptions?: PushToTalkKeyOptions;
}

export interface GlobalKey {
  readonly key: PushToTalkKey;
  /** Whether the hook runs (false: it could not, and the user was told why). */
  readonly running: boolean;
  stop(): void;
}

export function startGlobalKey(o: GlobalKeyOptions): GlobalKey {
  const current = o.settings.get();
  const key = new PushToTalkKey(current.hotkey, o.hook, { mode: current.hotkeyMode, ...o.keyOptions });
  const client = o.core.connect('hotkey');
  const send = (name: 'startTalking' | 'stopTalking' | 'cancelTalking'): void => {
    void dispatchRequest(o.core.handlers, name, undefined, client).then((result) => {
      // A press with no session (no key yet) must not fail silently: the window says why.
      if (!result.ok && name === 'startTalking') o.core.notify('notice', { message: result.error.message });
    });
  };
  key.on('start', () => send('startTalking'));
  key.on('send', () => send('stopTalking'));
  key.on('cancel', () => send('cancelTalking'));
  key.on('unavailable', (reason) => {
    if (reason !== o.knownProblem) o.core.notify('notice', { message: reason });
  });
  const onChange = (next: ReturnType<SettingsService['get']>, patch: Partial<ReturnType<SettingsService['get']>>): void => {
    try {
      if ('hotkey' in patch) key.setKey(next.hotkey);
    } catch (error) {
      o.core.notify('notice', { message: errorText(error) });
    }
    if ('hotkeyMode' in patch) key.setMode(next.hotkeyMode);
  };
  o.settings.on('change', onChange);
  const running = key.start();
  return {
    key,
    running,
    stop() {
      o.settings.off('change', onChange);
      key.stop();
    },
  };
}
