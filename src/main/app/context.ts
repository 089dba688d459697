// What the request handlers work on, and what a transport serves. Declared apart from core.ts, which
// builds both, so that the handlers and the transports depend on these types and not on the core.
import type { EventName, EventPayload } from '../../shared/ipc/contract';
import type { Handlers } from '../../shared/ipc/envelope';
import type { Assistant } from '../assistant/assistant';
import type { AudioServicePort } from '../audio/ports';
import type { HistoryStore } from '../history/history-store';
import type { SecretStore } from '../settings/secret-store';
import type { SettingsService } from '../settings/settings-service';
import type { ClientContext, ClientRegistry } from './clients';
import type { MicrophoneMute } from './microphone-mute';
import type { SessionSupervisor } from './session-supervisor';

/** Shared state the request handlers work on. */
export interface CoreContext {
  settings: SettingsService;
  secrets: SecretStore;
  audio: AudioServicePort;
  /** The user's mute of the assistant's microphone, for this run only. */
  micMute: MicrophoneMute;
  sessions: SessionSupervisor;
  clients: ClientRegistry;
  /** The conversation history; absent or null when it is off for this run. */
  history?: HistoryStore | null;
  assistant(): Assistant | null;
  emit<E extends EventName>(name: E, payload: EventPayload<E>): void;
  status(): EventPayload<'status'>;
}

export type CoreHandlers = Handlers<ClientContext>;

/**
 * The core as a transport serves it (Electron IPC, web mode): the contract's handlers, a client for each
 * page or window, and the event stream. A transport disconnects a client when its page goes.
 */
export interface ServedCore {
  handlers: CoreHandlers;
  connect(label: string): ClientContext;
  /** Releases what the client held (push-to-talk, its mic meter). */
  disconnect(client: ClientContext): Promise<void>;
  onEvent(listener: (name: EventName, payload: unknown) => void): () => void;
}
