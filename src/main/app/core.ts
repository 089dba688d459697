// The app's core, transport-agnostic: settings, the key, the session, the audio engine and the
// assistant, exposed as handlers for the IPC contract plus a stream of contract events. The Electron
// shell and web mode both serve exactly this object.
import { HistoryRecorder } from './history-recorder';
import { applyHistoryRetention } from './history-retention';
import type { HistoryStore } from '../history/history-store';
import { EventEmitter } from 'node:events';
import { events as eventSchemas, type EventName, type EventPayload } from '../../shared/ipc/contract';
import { Assistant } from '../assistant/assistant';
import type { AudioServicePort } from '../audio/ports';
import { ClientRegistry } from './clients';
import type { KeyOriginConfirm } from './key-origin';
import type { CoreContext, ServedCore } from './context';
import { MicrophoneMute, withMicrophoneMute } from './microphone-mute';
import { createHandlers } from './requests';
import type { SessionClient } from '../realtime/session-client';
import { applySettings } from './settings-applier';
import { SessionSupervisor, type StartLocalServer } from './session-supervisor';
import { renewBeforeExpiry } from './session-rollover';
import { TurnFiguresReporter } from './turn-figures';
import type { SecretStore } from '../settings/secret-store';
import type { SettingsService } from '../settings/settings-service';

export interface AppCoreOptions {
  settings: SettingsService;
  secrets: SecretStore;
  audio: AudioServicePort;
  /** Starts the offline demo's local server (the simulator); without it the demo is unavailable. */
  startLocalServer?: StartLocalServer;
  /** The app's native dialog that confirms the key for a new endpoint; elsewhere the key is given again. */
  confirmKeyOrigin?: KeyOriginConfirm;
  /**
   * Makes the app start at login, or not; returns what went wrong in plain words, or null. Only the desktop
   * app has it: elsewhere the setting is kept and does nothing.
   */
  startAtLogin?: (enabled: boolean) => string | null;
  /**
   * What opening the files turned up (a damaged settings file moved aside). Told to every page that
   * subscribes, as one notice, for the whole run: no page was listening when it happened.
   */
  startupNotices?: readonly string[];
  /** Where every completed turn is kept (history-recorder.ts); without it nothing is recorded. */
  history?: HistoryStore | null;
}

export interface AppCore extends ServedCore {
  /** For the shell (tray, hotkey): send a contract event to every window. */
  notify<E extends EventName>(name: E, payload: EventPayload<E>): void;
  close(): Promise<void>;
}

// These errors are about one frame or one request: the session goes on, so the next step is only for a repeat.
const PROTOCOL_ACTION = 'Nothing to do: the session goes on. If this keeps happening, check the endpoint in Settings.';
const SERVER_ERROR_ACTION = 'Try again. If this keeps happening, choose Reconnect.';
const RECONNECTED_NOTICE = 'The connection to the server dropped and a new session was opened; the conversation goes on. If an answer was cut off, ask again.';

export async function createAppCore(options: AppCoreOptions): Promise<AppCore> {
  const bus = new EventEmitter<{ event: [EventName, unknown] }>();
  const sessions = new SessionSupervisor(options.settings, options.secrets, options.startLocalServer ?? null, options.confirmKeyOrigin ?? null);
  const micMute = new MicrophoneMute();
  // Everything the core does with the audio goes through the mute, which the assistant's microphone alone obeys.
  const audio = withMicrophoneMute(options.audio, micMute, () => options.settings.get().mode);
  const ports = audio.ports(() => options.settings.get());
  let assistant: Assistant | null = null;
  let stopRenewing = (): void => {};
  let sessionEndsAt: number | null = null;

  const ctx: CoreContext = {
    ...options,
    audio,
    micMute,
    sessions,
    clients: new ClientRegistry(),
    assistant: () => assistant,
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
        micMuted: micMute.muted,
        sessionEndsAt,
      };
    },
  };
  const emitStatus = (): void => ctx.emit('status', ctx.status());
  const startupNotice = options.startupNotices?.length ? eventSchemas.notice.parse({ message: options.startupNotices.join(' ') }) : null;
  const figures = new TurnFiguresReporter({ settings: () => options.settings.get(), emit: (f) => ctx.emit('turnFigures', f), notice: (message) => ctx.emit('notice', { message }) });

  const attach = (client: SessionClient | null): void => {
    const old = assistant;
    assistant = null;
    void old?.close();
    figures.close();
    stopRenewing();
    if (!client) return emitStatus();
    const next = new Assistant({ session: client, audio: ports, settings: () => options.settings.get(), conversation: old?.conversation });
    next.on('turn', (turn) => ctx.emit('turn', turn));
    next.on('reset', (reset) => ctx.emit('conversationReset', reset));
    next.on('activity', emitStatus);
    next.on('level', (level) => ctx.emit('level', level));
    next.on('notice', (message) => ctx.emit('notice', { message }));
    next.on('error', (error) => ctx.emit('error', error));
    client.on('dialect', emitStatus);
    client.on('protocol-error', (error) =>
      ctx.emit('error', { kind: 'protocol', message: `The server sent something this app does not understand (${error.code}).`, action: PROTOCOL_ACTION }),
    );
    client.on('server-error', (error) => ctx.emit('error', { kind: 'server', message: error.message, action: SERVER_ERROR_ACTION }));
    // The session came back by itself: without a word the user would not know why an answer stopped.
    // A renewal before the server's time cap is the app's own doing, and loses nothing: nothing to say.
    client.on('reconnected', (reason) => {
      if (reason !== 'renewed') ctx.emit('notice', { message: RECONNECTED_NOTICE });
    });
    assistant = next;
    const onEndsAt = (endsAt: number | null): void => {
      sessionEndsAt = endsAt;
      emitStatus();
    };
    stopRenewing = renewBeforeExpiry(client, next, () => options.settings.get(), (message) => ctx.emit('notice', { message }), onEndsAt);
    // After the assistant's own listeners: a response's figures follow the turn it finished.
    figures.attach(next, client, ports.speaker);
    emitStatus();
  };

  let retainHistory: (() => void) | null = null;
  if (options.history) {
    const history = options.history;
    const notice = (message: string): void => ctx.emit('notice', { message });
    const changed = (): void => ctx.emit('historyChanged', {});
    const recorder = new HistoryRecorder(history, notice, Date.now, changed);
    bus.on('event', (name, payload) => recorder.event(name, payload));
    const retain = (atStart: boolean): void => {
      const { removed, problem } = applyHistoryRetention(history, options.settings.get().historyRetention, { atStart });
      if (problem) notice(problem);
      if (removed > 0) changed();
    };
    retain(true);
    retainHistory = () => retain(false);
  }

  sessions.on('client', attach);
  sessions.on('state', emitStatus);
  sessions.on('error', (error) => ctx.emit('error', error));
  micMute.on('change', emitStatus);
  audio.on('fallback', (fallback) => {
    void audio.listDevices().then((list) => ctx.emit('devicesChanged', { ...list, fallback }));
  });
  options.settings.on('change', (settings, patch) => {
    applySettings(settings, patch, {
      sessions,
      assistant,
      audio,
      startAtLogin: options.startAtLogin,
      notice: (message) => ctx.emit('notice', { message }),
      retainHistory,
    });
    emitStatus();
  });

  void sessions.restart();

  return {
    handlers: createHandlers(ctx),
    connect: (label) => ctx.clients.connect(label),
    disconnect: (client) => ctx.clients.disconnect(client),
    notify: (name, payload) => ctx.emit(name, payload),
    onEvent: (listener) => {
      const forward = (name: EventName, payload: unknown): void => listener(name, payload);
      bus.on('event', forward);
      if (startupNotice) listener('notice', startupNotice);
      return () => bus.off('event', forward);
    },
    close: async () => {
      await ctx.clients.disconnectAll();
      figures.close();
      stopRenewing();
      await assistant?.close();
      await sessions.shutdown();
      await audio.close();
      options.history?.close();
    },
  };
}
