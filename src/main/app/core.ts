// The app's core, transport-agnostic: settings, the key, the session, the audio engine and the
// assistant, exposed as handlers for the IPC contract plus a stream of contract events. The Electron
// shell and web mode both serve exactly this object.
import { EventEmitter } from 'node:events';
import { events as eventSchemas, type EventName, type EventPayload } from '../../shared/ipc/contract';
import type { Handlers } from '../../shared/ipc/envelope';
import { Assistant } from '../assistant/assistant';
import type { AudioServicePort } from '../audio/ports';
import { createHandlers } from './requests';
import type { SessionClient } from '../realtime/session-client';
import { SessionManager } from './session-supervisor';
import type { SecretStore } from '../settings/secret-store';
import type { SettingsService } from '../settings/settings-service';

export interface AppCoreOptions {
  settings: SettingsService;
  secrets: SecretStore;
  audio: AudioServicePort;
}

export type AppEventListener = (name: EventName, payload: unknown) => void;

export interface AppCore {
  handlers: Handlers;
  onEvent(listener: AppEventListener): () => void;
  /** For the shell (tray, hotkey): send a contract event to every window. */
  notify<E extends EventName>(name: E, payload: EventPayload<E>): void;
  close(): Promise<void>;
}

/** Shared state the request handlers work on. */
export interface CoreContext extends AppCoreOptions {
  sessions: SessionManager;
  assistant(): Assistant | null;
  emit<E extends EventName>(name: E, payload: EventPayload<E>): void;
  status(): EventPayload<'status'>;
  stopMicMonitor: (() => Promise<void>) | null;
}

export async function createAppCore(options: AppCoreOptions): Promise<AppCore> {
  const bus = new EventEmitter<{ event: [EventName, unknown] }>();
  const sessions = new SessionManager(options.settings, options.secrets);
  const ports = options.audio.ports(() => options.settings.get());
  let assistant: Assistant | null = null;

  const ctx: CoreContext = {
    ...options,
    sessions,
    assistant: () => assistant,
    stopMicMonitor: null,
    // Every event is validated against the contract before it leaves the core.
    emit: (name, payload) => bus.emit('event', name, eventSchemas[name].parse(payload)),
    status: () => {
      const settings = options.settings.get();
      const client = sessions.client;
      return {
        connection: sessions.state,
        activity: assistant?.activity ?? 'idle',
        mode: settings.mode,
        dialect: client?.dialect ?? null,
        offlineDemo: settings.offlineDemo,
        hasKey: options.secrets.get() !== null,
      };
    },
  };
  const emitStatus = (): void => ctx.emit('status', ctx.status());

  const attach = (client: SessionClient | null): void => {
    const old = assistant;
    assistant = null;
    void old?.close();
    if (!client) return emitStatus();
    const settings = options.settings.get();
    const next = new Assistant({ session: client, audio: ports, mode: settings.mode, halfDuplex: settings.halfDuplex, conversation: old?.conversation });
    next.on('turn', (turn) => ctx.emit('turn', turn));
    next.on('reset', () => ctx.emit('conversationReset', {}));
    next.on('activity', emitStatus);
    next.on('level', (level) => ctx.emit('level', level));
    next.on('notice', (message) => ctx.emit('notice', { message }));
    next.on('error', (error) => ctx.emit('error', error));
    client.on('dialect', emitStatus);
    client.on('protocol-error', (error) => ctx.emit('error', { kind: 'protocol', message: `The server sent something this app does not understand (${error.code}).` }));
    client.on('server-error', (error) => {
      if (error.code === 'response_cancel_not_active') return; // a cancel that raced the end of the reply
      ctx.emit('error', { kind: 'server', message: error.message });
    });
    assistant = next;
    emitStatus();
  };

  sessions.on('client', attach);
  sessions.on('state', emitStatus);
  sessions.on('error', (error) => ctx.emit('error', error));
  options.audio.on('fallback', (fallback) => {
    void options.audio.listDevices().then((list) => ctx.emit('devicesChanged', { ...list, fallback }));
  });
  options.settings.on('change', (settings, patch) => {
    if ('halfDuplex' in patch) assistant?.setHalfDuplex(settings.halfDuplex);
    if ('outputVolume' in patch) options.audio.setOutputVolume(settings.outputVolume);
    sessions.onSettingsChanged(patch);
    emitStatus();
  });

  void sessions.restart();

  return {
    handlers: createHandlers(ctx),
    notify: (name, payload) => ctx.emit(name, payload),
    onEvent: (listener) => {
      const forward = (name: EventName, payload: unknown): void => listener(name, payload);
      bus.on('event', forward);
      return () => bus.off('event', forward);
    },
    close: async () => {
      await ctx.stopMicMonitor?.();
      await assistant?.close();
      await sessions.shutdown();
      await options.audio.close();
    },
  };
}
