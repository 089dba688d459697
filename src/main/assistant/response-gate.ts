// At most one response at a time: response.create while one is active is queued until response.done
// (the server would answer conversation_already_has_active_response).

export class ResponseGate {
  private activeId: string | null = null;
  private requested = false;
  private queued = false;

  constructor(private readonly create: () => void) {}

  get busy(): boolean {
    return this.requested || this.activeId !== null;
  }

  request(): void {
    if (this.busy) {
      this.queued = true;
      return;
    }
    this.requested = true;
    this.create();
  }

  created(id: string): void {
    this.requested = false;
    this.activeId = id;
  }

  done(): void {
    this.activeId = null;
    this.requested = false;
    if (this.queued) {
      this.queued = false;
      this.request();
    }
  }

  /** A new server session: nothing is active there any more. */
  reset(): void {
    this.activeId = null;
    this.requested = false;
    this.queued = false;
  }
}
