// Keeps one Realtime session matching the settings and the stored key: connects at start, reconnects
// when a connection setting or the key changes, and runs the built-in simulator for the offline demo.
import { EventEmitter } from 'node:events';
import type { UserFacingError } from '../../shared/domain';
import type { SessionConfig } from '../../shared/protocol/events';
import type { Settings } from '../../shared/settings';
import { startSimulator } from '../../sim/index';
import type { RunningSimulator } from '../../sim/types';
import { Assistant } from '../assistant/assistant';
import { SessionClient } from '../realtime/session-client';
import type { ConnectionState, SessionError } from '../realtime/types';
import type { SecretStore } from '../settings/secret-store';
import type { SettingsService } from '../settings/settings-service';

/** Settings whose change needs a new connection; the rest are applied with session.update. */
const CONNECTION_KEYS: (keyof Settings)[] = ['endpoint', 'authMode', 'dialect', 'model', 'offlineDemo'];

export function sessionConfigFrom(settings: Settings): SessionConfig {
  return {
    modalities: ['text', 'audio'],
    voice: settings.voice,
    ...(settings.instructions.trim() ? { instructions: settings.instructions } : {}),
    input_audio_format: 'pcm16',
    output_audio_format: 'pcm16',
    turn_detection: Assistant.turnDetectionFor(settings.mode, {
      threshold: settings.vadThreshold,
      prefixPaddingMs: settings.vadPrefixPaddingMs,
      silenceDurationMs: settings.vadSilenceDurationMs,
    }),
    input_audio_transcription: settings.inputTranscription ? { model: 'whisper-1' } : null,
  };
}

const NEXT_STEP: Record<SessionError['kind'], string> = {
  auth: 'Open Settings and replace the API key, or check the key mode.',
  connect: 'Check the endpoint in Settings and your network, then choose Reconnect.',
  server: 'Check the model in Settings, or try again later.',
  dropped: 'Check your network, then choose Reconnect.',
};

export function userFacing(error: SessionError): UserFacingError {
  return { kind: error.kind, message: error.message, action: NEXT_STEP[error.kind] };
}

export interface SessionManagerEvents {
  /** A new client replaced the old one (null: not connected, e.g. no key yet). */
  client: [SessionClient | null];
  state: [ConnectionState];
  error: [UserFacingError];
}

export class SessionManager extends EventEmitter<SessionManagerEvents> {
  private current: SessionClient | null = null;
  private sim: RunningSimulator | null = null;
  private generation = 0;

  constructor(
    private readonly settings: SettingsService,
    private readonly secrets: SecretStore,
  ) {
    super();
  }

  get client(): SessionClient | null {
    return this.current;
  }

  get state(): ConnectionState {
    return this.current?.state ?? 'idle';
  }

  /** Applies a settings change: a new connection when needed, else a live session.update. */
  onSettingsChanged(patch: Partial<Settings>): void {
    if (CONNECTION_KEYS.some((key) => key in patch)) {
      void this.restart();
      return;
    }
    const live: (keyof Settings)[] = ['voice', 'instructions', 'inputTranscription', 'vadThreshold', 'vadPrefixPaddingMs', 'vadSilenceDurationMs'];
    if (this.current?.state === 'open' && live.some((key) => key in patch)) {
      this.current.updateSession(sessionConfigFrom(this.settings.get()));
    }
  }

  /** (Re)connects with the current settings and key. Resolves once connected or failed (never rejects). */
  async restart(): Promise<void> {
    const generation = ++this.generation;
    await this.shutdown();
    const settings = this.settings.get();
    const key = this.secrets.get();
    if (!settings.offlineDemo && !key) {
      this.emit('client', null);
      this.emit('state', 'idle');
      return;
    }
    let endpoint = settings.endpoint;
    if (settings.offlineDemo) {
      const sim = await startSimulator({ port: 0, recordReceived: false });
      this.sim = sim;
      endpoint = sim.url;
    }
    if (generation !== this.generation) return; // a newer restart won the race
    const client = new SessionClient({
      endpoint,
      apiKey: settings.offlineDemo ? 'offline-demo' : (key ?? ''),
      auth: settings.offlineDemo ? 'query' : settings.authMode,
      dialect: settings.offlineDemo ? 'auto' : settings.dialect,
      ...(settings.model && !settings.offlineDemo ? { model: settings.model } : {}),
      session: sessionConfigFrom(settings),
    });
    client.on('state', (state) => this.emit('state', state));
    client.on('error', (error) => this.emit('error', userFacing(error)));
    this.current = client;
    this.emit('client', client);
    await client.connect().catch(() => undefined); // reported through the 'error' event
  }

  async shutdown(): Promise<void> {
    const client = this.current;
    this.current = null;
    if (client) {
      client.removeAllListeners();
      await client.close().catch(() => undefined);
    }
    const sim = this.sim;
    this.sim = null;
    await sim?.close();
  }
}
