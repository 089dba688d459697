// Keeps one Realtime session matching the settings and the stored key: connects at start, reconnects
// when a connection setting or the key changes, and, for the offline demo, connects to a local server
// that the composition root hands in (the core itself does not depend on the simulator).
import { EventEmitter } from 'node:events';
import type { UserFacingError } from '../../shared/domain';
import { SessionClient } from '../realtime/session-client';
import type { ConnectionState, SessionError } from '../realtime/types';
import type { SecretStore } from '../settings/secret-store';
import type { SettingsService } from '../settings/settings-service';
import { sessionConfigFrom } from './session-config';

/** A Realtime server on this machine for the offline demo (the simulator, in every entry point). */
export interface LocalServer {
  url: string;
  close(): Promise<void>;
}
export type StartLocalServer = () => Promise<LocalServer>;

const NEXT_STEP: Record<SessionError['kind'], string> = {
  auth: 'Open Settings and replace the API key, or check the key mode.',
  connect: 'Check the endpoint in Settings and your network, then choose Reconnect.',
  server: 'Check the model in Settings, or try again later.',
  dropped: 'Check your network, then choose Reconnect.',
};

export function userFacing(error: SessionError): UserFacingError {
  return { kind: error.kind, message: error.message, action: NEXT_STEP[error.kind] };
}

export interface SessionSupervisorEvents {
  /** A new client replaced the old one (null: not connected, e.g. no key yet). */
  client: [SessionClient | null];
  state: [ConnectionState];
  error: [UserFacingError];
}

export class SessionSupervisor extends EventEmitter<SessionSupervisorEvents> {
  private current: SessionClient | null = null;
  private local: LocalServer | null = null;
  private generation = 0;

  constructor(
    private readonly settings: SettingsService,
    private readonly secrets: SecretStore,
    private readonly startLocalServer: StartLocalServer | null,
  ) {
    super();
  }

  get client(): SessionClient | null {
    return this.current;
  }

  get state(): ConnectionState {
    return this.current?.state ?? 'idle';
  }

  /** (Re)connects with the current settings and key. Resolves once connected or failed (never rejects). */
  async restart(): Promise<void> {
    const generation = ++this.generation;
    const stale = (): boolean => generation !== this.generation;
    await this.shutdown();
    if (stale()) return; // a newer restart owns the session now
    const settings = this.settings.get();
    const key = this.secrets.get();
    const demo = settings.offlineDemo;
    if (!demo && !key) {
      this.emit('client', null);
      this.emit('state', 'idle');
      return;
    }
    let endpoint = settings.endpoint;
    if (demo) {
      if (!this.startLocalServer) {
        this.emit('error', { kind: 'connect', message: 'The offline demo is not available in this build.', action: 'Add your API key in Settings.' });
        return;
      }
      const local = await this.startLocalServer();
      // Checked before the server is stored: a restart that lost the race must not leave it listening.
      if (stale()) return void (await local.close());
      this.local = local;
      endpoint = local.url;
    }
    const client = new SessionClient({
      endpoint,
      apiKey: demo ? 'offline-demo' : (key ?? ''),
      auth: demo ? 'query' : settings.authMode,
      dialect: demo ? 'auto' : settings.dialect,
      ...(settings.model && !demo ? { model: settings.model } : {}),
      session: sessionConfigFrom(settings),
    });
    client.on('state', (state) => this.emit('state', state));
    client.on('error', (error) => this.emit('error', userFacing(error)));
    this.current = client;
    this.emit('client', client);
    await client.connect().catch(() => undefined); // reported through the 'error' event
  }

  async shutdown(): Promise<void> {
    // Both taken before the first await: a restart that runs meanwhile owns whatever it sets up.
    const client = this.current;
    const local = this.local;
    this.current = null;
    this.local = null;
    if (client) {
      client.removeAllListeners();
      await client.close().catch(() => undefined);
    }
    await local?.close();
  }
}
