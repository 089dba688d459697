// The tray's "Settings…" reaches the main window as the openSettings event. A window that has only just
// loaded hears it before its settings have arrived, when Settings cannot open yet (the button is disabled
// then too): the request is kept and honoured once the settings are there, rather than lost.
import type { AssistantApi } from '../../../shared/ipc/api';

export class SettingsRequests {
  private waiting = false;

  /** `open` opens Settings if it can, as the Settings button does, and says whether it did. */
  constructor(private readonly open: () => boolean) {}

  /** Follows the event; returns the unsubscribe function. */
  listen(api: Pick<AssistantApi, 'on'>): () => void {
    return api.on('openSettings', () => this.request());
  }

  request(): void {
    this.waiting = !this.open();
  }

  /** Call when Settings may have become possible (the settings arrived): a waiting request is honoured. */
  retry(): void {
    if (this.waiting) this.request();
  }
}
