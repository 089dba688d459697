// Fault injection: state consulted by new responses and sessions, plus the faults that act at once on
// every open connection.
import { newId } from './ids';
import type { SimulatorFault } from './types';
import type { SimEvent } from './wire-events';

/** What a connection must offer for broadcast faults. */
export interface FaultTarget {
  send(event: SimEvent): void;
  sendRawText(text: string): void;
  sendUnknownEvent(): void;
  closeWith(code: number, reason: string): void;
  armSessionCap(seconds: number): void;
}

export class FaultState {
  private dropArmed = false;
  private echoKeyArmed = false;
  private refusals: { status: number; left: number } | null = null;
  sessionCapSeconds: number | null = null;
  lateDeltasMs = 0;
  replyVoice: Buffer | null = null;

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

  /** The HTTP status to refuse this upgrade with, while a refuse-upgrade fault has refusals left. */
  takeUpgradeRefusal(): number | null {
    if (!this.refusals) return null;
    const { status } = this.refusals;
    if (--this.refusals.left <= 0) this.refusals = null;
    return status;
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
      case 'reply-voice':
        if (fault.pcm && (fault.pcm.length === 0 || fault.pcm.length % 2 !== 0)) throw new RangeError('reply voice must be whole pcm16 samples');
        this.replyVoice = fault.pcm;
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
      case 'refuse-upgrade': {
        const times = fault.times ?? 1;
        if (!(Number.isInteger(fault.status) && fault.status >= 400 && fault.status <= 599)) throw new RangeError('refused upgrade status must be an HTTP error status');
        if (!(Number.isInteger(times) && times >= 1)) throw new RangeError('refused upgrades must be a whole number >= 1');
        this.refusals = { status: fault.status, left: times };
        return;
      }
      case 'frame-of-size': {
        const text = paddedFrame(fault.bytes);
        for (const c of open) c.sendRawText(text);
        return;
      }
      case 'invalid-audio': {
        const ref = { response_id: newId('resp'), item_id: newId('item'), output_index: 0, content_index: 0 };
        for (const c of open) c.send({ type: 'response.audio.delta', ...ref, delta: '@@ not base64 @@' });
        return;
      }
    }
  }
}

/** A `rate_limits.updated` frame (the same in both dialects, and harmless) padded to exactly `bytes` bytes. */
function paddedFrame(bytes: number): string {
  const eventId = newId('event');
  const frame = (name: string): string =>
    JSON.stringify({ type: 'rate_limits.updated', event_id: eventId, rate_limits: [{ name, limit: 1, remaining: 1, reset_seconds: 0 }] });
  const pad = bytes - Buffer.byteLength(frame(''));
  if (!(Number.isInteger(bytes) && pad >= 0)) throw new RangeError(`a frame must be a whole number of at least ${bytes - pad} bytes`);
  return frame('x'.repeat(pad));
}
