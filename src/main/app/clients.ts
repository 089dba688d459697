// Who is using the core, and what each holds open in it. A client is a page (a window's page load, a web
// socket) or the shell's hotkey; a lease is something it holds that must not outlive it (push-to-talk,
// the Settings mic meter). A transport disconnects a client when its page goes, which releases its leases.

/** One user of the core. Compared by identity; the label is for people reading logs and tests. */
export interface ClientContext {
  readonly label: string;
}

export type LeaseKind = 'pushToTalk' | 'micMonitor';

type Release = () => Promise<void>;

export interface HoldOptions {
  /** Only one client holds it: the lease moves here from whoever had it, without being released. */
  sole?: boolean;
}

export class ClientRegistry {
  private readonly clients = new Map<ClientContext, Map<LeaseKind, Release>>();

  connect(label: string): ClientContext {
    const client: ClientContext = Object.freeze({ label });
    this.clients.set(client, new Map());
    return client;
  }

  /** Releases everything the client held. A request of its still in flight can hold nothing more. */
  async disconnect(client: ClientContext): Promise<void> {
    const leases = this.clients.get(client);
    this.clients.delete(client);
    await runAll([...(leases?.values() ?? [])]);
  }

  /**
   * Records that `client` holds `kind` until it releases it or leaves. Returns false, holding nothing,
   * when the client has already gone: the caller then undoes what it opened. A lease the client already
   * held of this kind is released.
   */
  hold(client: ClientContext, kind: LeaseKind, release: Release, options: HoldOptions = {}): boolean {
    const leases = this.clients.get(client);
    if (!leases) return false;
    if (options.sole) this.forget(kind);
    const earlier = leases.get(kind);
    leases.set(kind, release);
    if (earlier) void runAll([earlier]);
    return true;
  }

  /** Ends the client's lease of `kind`, running its release. */
  async release(client: ClientContext, kind: LeaseKind): Promise<void> {
    const leases = this.clients.get(client);
    const release = leases?.get(kind);
    leases?.delete(kind);
    await runAll(release ? [release] : []);
  }

  /** Ends every client's lease of `kind` without running it: what they held has already ended for all. */
  forget(kind: LeaseKind): void {
    for (const leases of this.clients.values()) leases.delete(kind);
  }

  /** Disconnects every client (the core is closing). */
  async disconnectAll(): Promise<void> {
    await Promise.all([...this.clients.keys()].map((client) => this.disconnect(client)));
  }
}

// A release that fails (a device already gone) must not keep the others from running.
async function runAll(releases: Release[]): Promise<void> {
  await Promise.allSettled(releases.map((release) => release()));
}
