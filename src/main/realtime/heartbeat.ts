// Detects a dead connection that never delivered a close (laptop sleep, NAT timeout, pulled cable):
// ping every interval; if the previous ping's pong has not come back by the next tick, give up.

export class Heartbeat {
  private timer: ReturnType<typeof setInterval> | null = null;
  private awaitingPong = false;

  constructor(
    private readonly intervalMs: number,
    private readonly sendPing: () => void,
    private readonly onTimeout: () => void,
  ) {}

  start(): void {
    this.stop();
    if (!(this.intervalMs > 0)) return;
    this.awaitingPong = false;
    this.timer = setInterval(() => this.tick(), this.intervalMs);
    // The heartbeat alone must not keep a process (CLI, tests) alive.
    this.timer.unref?.();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.awaitingPong = false;
  }

  pong(): void {
    this.awaitingPong = false;
  }

  private tick(): void {
    if (this.awaitingPong) {
      // Timers run before I/O in each loop turn: after a stall (GC, a busy main process) a pong may
      // be sitting unread. Decide after the pending I/O has been handled.
      setImmediate(() => {
        if (!this.awaitingPong || !this.timer) return;
        this.stop();
        this.onTimeout();
      });
      return;
    }
    this.awaitingPong = true;
    try {
      this.sendPing();
    } catch {
      // A socket that cannot even take a ping is dead; the next tick will say so.
    }
  }
}
