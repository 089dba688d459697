// Keeps one Realtime session matching the settings and the stored key: connects at start, reconnects
// when a connection setting or the key changes, and, for the offline demo, connects to a local server
// that the composition root hands in (the core itself does not depend on the simulator). The key is
// only sent to the origin it is bound to; for any other, the user is asked first (or gives it again).
import { EventEmitter } from 'node:events';
import type { UserFacingError } from '../../shared/domain';
import { describeOriginChange, endpointProblem, keyMayGoTo, originOf } from '../../shared/endpoint-origin';
import { SessionClient } from '../realtime/session-client';
import type { ConnectionState, SessionError } from '../realtime/types';
import type { BoundKey, SecretStore } from '../settings/secret-store';
import { keyOriginRefusal, type KeyOriginConfirm } from './key-origin';
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
  /** The question on screen, so that restarts meanwhile wait for the same answer instead of asking again. */
  private asking: { origin: string; answer: Promise<boolean> } | null = null;

  constructor(
    private readonly settings: SettingsService,
    private readonly secrets: SecretStore,
    private readonly startLocalServer: StartLocalServer | null,
    /** The app's native dialog; without it (web mode, tests) a key for another origin is given again instead. */
    private readonly confirmKeyOrigin: KeyOriginConfirm | null = null,
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
    if (!demo && key && !keyMayGoTo(key.origin, settings.endpoint)) {
      this.emit('client', null);
      const confirmed = await this.confirm(key, settings.endpoint);
      if (stale()) return;
      if (!confirmed) {
        this.emit('state', 'idle');
        this.emit('error', keyOriginRefusal(describeOriginChange(key.origin, settings.endpoint), this.confirmKeyOrigin !== null));
        return;
      }
      this.secrets.bindTo(confirmed);
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
      apiKey: demo ? 'offline-demo' : (key?.key ?? ''),
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

  /** The endpoint's origin once the user said the key may go there; null otherwise. */
  private async confirm(key: BoundKey, endpoint: string): Promise<string | null> {
    const origin = originOf(endpoint);
    // ws:// off this machine is never offered: the key would cross the network in clear text.
    if (!this.confirmKeyOrigin || !origin || endpointProblem(endpoint)) return null;
    if (this.asking?.origin !== origin) {
      const answer = this.confirmKeyOrigin.confirm(describeOriginChange(key.origin, endpoint)).catch(() => false);
      const asking = { origin, answer };
      this.asking = asking;
      void answer.then(() => {
        if (this.asking === asking) this.asking = null;
      });
    }
    return (await this.asking.answer) ? origin : null;
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
