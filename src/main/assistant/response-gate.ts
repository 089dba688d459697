// At most one response at a time: response.create while one is active is queued until response.done
// (the server would answer conversation_already_has_active_response). A response that stalls (see
// StallWatchdog) is cancelled and the gate released, so a silent server cannot hold every later turn.
import type { ServerEvent } from '../../shared/protocol/events';
import type { SessionClient } from '../realtime/session-client';
import { DEFAULT_STALL_MS, isProgressOf, stallNotice, StallWatchdog } from './stall-watchdog';

export class ResponseGate {
  private activeId: string | null = null;
  private requested = false;
  private queued = false;
  /** A stalled response we gave up on: its late response.done must not release a newer one. */
  private abandonedId: string | null = null;
  private readonly watchdog: StallWatchdog;

  constructor(
    private readonly session: Pick<SessionClient, 'createResponse' | 'cancelResponse'>,
    /** A stalled response was cancelled and the gate released: its id (null if it never began) and what to tell the user. */
    private readonly onStall: (responseId: string | null, notice: string) => void,
    private readonly stallMs = DEFAULT_STALL_MS,
  ) {
    this.watchdog = new StallWatchdog(stallMs, () => this.stalled());
  }

  get busy(): boolean {
    return this.requested || this.activeId !== null;
  }

  request(): void {
    if (this.busy) {
      this.queued = true;
      return;
    }
    this.requested = true;
    this.watchdog.kick();
    this.session.createResponse();
  }

  /** Follows the server: response.created takes the gate, news of it keeps it, response.done frees it. */
  observe(event: ServerEvent): void {
    if (event.type === 'response.created') {
      this.requested = false;
      this.activeId = event.response.id;
      this.watchdog.kick();
    } else if (event.type === 'response.done') {
      if (event.response.id === this.abandonedId) this.abandonedId = null;
      else this.release();
    } else if (this.activeId !== null && isProgressOf(event, this.activeId)) {
      this.watchdog.kick();
    }
  }

  /** A new server session, or the assistant is closing: nothing is active there any more. */
  reset(): void {
    this.watchdog.stop();
    this.activeId = null;
    this.requested = false;
    this.queued = false;
    this.abandonedId = null;
  }

  private release(): void {
    this.watchdog.stop();
    this.activeId = null;
    this.requested = false;
    if (this.queued) {
      this.queued = false;
      this.request();
    }
  }

  private stalled(): void {
    const id = this.activeId;
    this.abandonedId = id;
    try {
      this.session.cancelResponse(id ?? undefined);
    } catch {
      // The session is down: nothing runs there to cancel, and a new session starts with the gate reset.
    }
    this.release();
    this.onStall(id, stallNotice(this.stallMs));
  }
}
