// Fault injection: state consulted by new responses and sessions, plus the faults that act at once on
// every open connection.
import type { SimulatorFault } from './types';

/** What a connection must offer for broadcast faults. */
export interface FaultTarget {
  sendRawText(text: string): void;
  sendUnknownEvent(): void;
  closeWith(code: number, reason: string): void;
  armSessionCap(seconds: number): void;
}

export class FaultState {
  private dropArmed = false;
  private echoKeyArmed = false;
  sessionCapSeconds: number | null = null;
  lateDeltasMs = 0;

  constructor(public pace: number) {}

  /** True once per injected drop: the next response to start takes it. */
  takeDrop(): boolean {
    const armed = this.dropArmed;
    this.dropArmed = false;
    return armed;
  }

  /** True once per injected echo-key: the next session opened with a key takes it. */
  takeEchoKey(): boolean {
    const armed = this.echoKeyArmed;
    this.echoKeyArmed = false;
    return armed;
  }

  apply(fault: SimulatorFault, open: readonly FaultTarget[]): void {
    switch (fault.kind) {
      case 'drop-mid-response':
        this.dropArmed = true;
        return;
      case 'pace':
        if (!(fault.factor >= 0)) throw new RangeError('pace factor must be a number >= 0');
        this.pace = fault.factor;
        return;
      case 'late-deltas':
        if (!(fault.ms >= 0)) throw new RangeError('late deltas must be a number of ms >= 0');
        this.lateDeltasMs = fault.ms;
        return;
      case 'session-cap':
        if (!(fault.seconds >= 0)) throw new RangeError('session cap must be a number of seconds >= 0');
        this.sessionCapSeconds = fault.seconds;
        for (const c of open) c.armSessionCap(fault.seconds);
        return;
      case 'malformed-frame':
        for (const c of open) c.sendRawText('{"type": "response.text.delta", "delta": ');
        return;
      case 'unknown-event':
        for (const c of open) c.sendUnknownEvent();
        return;
      case 'close':
        for (const c of open) c.closeWith(fault.code, fault.reason ?? '');
        return;
      case 'echo-key':
        this.echoKeyArmed = true;
        return;
    }
  }
}
