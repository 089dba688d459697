// The one place a settings change takes effect: a new connection for connection settings, a session.update
// for what the server needs to know, the assistant for how turns are taken, the engine for the volume, the
// OS for starting at login, the history for how long it keeps conversations.
// Settings own every value; the others read or reconcile from them, so no copy can go stale.
import type { Settings, SettingsPatch } from '../../shared/settings';
import type { Assistant } from '../assistant/assistant';
import type { AudioServicePort } from '../audio/ports';
import { CONNECTION_KEYS, SESSION_KEYS, sessionConfigFrom } from './session-config';
import type { SessionSupervisor } from './session-supervisor';

export interface SettingsTargets {
  sessions: Pick<SessionSupervisor, 'restart' | 'client'>;
  assistant: Pick<Assistant, 'applySettings'> | null;
  audio: Pick<AudioServicePort, 'setOutputVolume'>;
  /** Only where the app can start at login (the desktop app); elsewhere the setting is only kept. */
  startAtLogin?: ((enabled: boolean) => string | null) | null;
  notice?: (message: string) => void;
  /** Applies the history retention setting; absent when history is off for the run. */
  retainHistory?: (() => void) | null;
}

export function applySettings(settings: Settings, patch: SettingsPatch, targets: SettingsTargets): void {
  const changed = (keys: readonly (keyof Settings)[]): boolean => keys.some((key) => key in patch);
  if (changed(['outputVolume'])) targets.audio.setOutputVolume(settings.outputVolume);
  if (changed(['startAtLogin']) && targets.startAtLogin) {
    const problem = targets.startAtLogin(settings.startAtLogin);
    if (problem) targets.notice?.(problem);
  }
  if (changed(['historyRetention'])) targets.retainHistory?.();
  if (changed(CONNECTION_KEYS)) {
    // The new session is configured from the settings as they are then; the old assistant goes with it.
    void targets.sessions.restart();
    return;
  }
  // A client that is not open yet (or reconnecting) keeps the update and sends it when it opens.
  if (changed(SESSION_KEYS)) targets.sessions.client?.updateSession(sessionConfigFrom(settings));
  if (changed(['mode', 'halfDuplex'])) void targets.assistant?.applySettings();
}
