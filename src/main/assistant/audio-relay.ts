// Microphone audio on its way to the server, across a change of server session (a reconnect, the session
// cap, a planned rollover). While no session is open, what is captured waits, up to a limit, and goes to the
// next session once it is open; beyond the limit it is dropped and the user is told how much. A push-to-talk
// turn is kept whole until it is answered: a new session is empty, so a turn its predecessor had (part of)
// is sent again, and its commit with it.
import { bytesToMs, msToBytes } from '../../shared/audio-format';
import type { SessionPort } from './assistant-types';

/** Audio captured while no session is open that waits for the next one. */
export const WAITING_LIMIT_MS = 10_000;
/** A push-to-talk turn kept for sending again; a longer one is sent live, but only this much again. */
const TURN_KEPT_MS = 120_000;

/**
 * held: the key is down; owed: released while no session could take the commit; sent: committed, not yet
 * acknowledged; acknowledged: the server holds it as an item (kept until answered, in case it has to go again).
 */
type TurnState = 'held' | 'owed' | 'sent' | 'acknowledged';

interface KeptTurn {
  state: TurnState;
  frames: Buffer[];
  bytes: number;
  /** Captured past TURN_KEPT_MS: sent live, but not kept. */
  unkeptBytes: number;
}

const seconds = (ms: number): number => Math.max(1, Math.round(ms / 1000));

export function notSentNotice(ms: number): string {
  return `The connection was being renewed; ${seconds(ms)} s of what you said was not sent. Please say it again.`;
}

export function lostNotice(ms: number): string {
  return `The connection was lost; ${seconds(ms)} s of what you said was not sent. Please say it again once it is back.`;
}

export class AudioRelay {
  /** A session has been open: until then, hands-free has nobody to talk to and nothing waits. */
  private everOpen = false;
  private waiting: Buffer[] = [];
  private waitingBytes = 0;
  private droppedBytes = 0;
  private turn: KeptTurn | null = null;

  constructor(
    private readonly session: Pick<SessionPort, 'state' | 'appendAudio' | 'commitAudio'>,
    private readonly notice: (message: string) => void,
    private readonly limitMs = WAITING_LIMIT_MS,
  ) {}

  /** A push-to-talk press: a new turn, kept from its first frame. */
  pressed(): void {
    this.turn = { state: 'held', frames: [], bytes: 0, unkeptBytes: 0 };
  }

  /** The release of a turn long enough to send: committed now, or owed to the next session. */
  released(committed: boolean): void {
    if (this.turn) this.turn.state = committed ? 'sent' : 'owed';
  }

  /** Too short, or thrown away (Esc): nothing of it goes again. */
  discarded(): void {
    this.turn = null;
  }

  /** The server made the committed turn an item. */
  acknowledged(): void {
    if (this.turn?.state === 'sent') this.turn.state = 'acknowledged';
  }

  /** A reply is over (done, cancelled or failed): the committed turn has had its answer. */
  answered(): void {
    if (this.turn && this.turn.state !== 'held') this.turn = null;
  }

  /** Captured audio the server should hear. */
  frame(frame: Buffer): void {
    const open = this.session.state === 'open';
    const turn = this.turn?.state === 'held' ? this.turn : null;
    if (open) {
      this.everOpen = true;
      this.sendWaiting();
      this.session.appendAudio(frame);
      if (turn) this.keep(turn, frame);
      return;
    }
    if (!turn && !this.everOpen) return;
    if (this.waitingBytes + frame.length > msToBytes(this.limitMs)) {
      this.droppedBytes += frame.length;
      return;
    }
    this.waitingBytes += frame.length;
    if (turn) this.keep(turn, frame);
    else this.waiting.push(frame);
  }

  /**
   * The audio of an acknowledged turn that never got its answer, to send again as an item (its commit
   * would make a new turn of it); null when there is none. It is handed over once.
   */
  takeUnanswered(): Buffer | null {
    const turn = this.turn;
    if (turn?.state !== 'acknowledged' || turn.bytes === 0) return null;
    this.turn = null;
    return Buffer.concat(turn.frames);
  }

  /**
   * A new session is open and has the conversation: the kept turn goes again (committed again if it had
   * been released), then what waited. Returns true when a commit went out that needs a reply.
   */
  sessionOpened(): boolean {
    this.everOpen = true;
    let committed = false;
    const turn = this.turn;
    if (turn && turn.state !== 'acknowledged') {
      for (const frame of turn.frames) this.session.appendAudio(frame);
      if (turn.state !== 'held') {
        this.session.commitAudio();
        turn.state = 'sent';
        committed = true;
      }
      this.droppedBytes += turn.unkeptBytes;
      turn.unkeptBytes = 0;
    }
    this.sendWaiting();
    const dropped = this.droppedBytes;
    this.droppedBytes = 0;
    if (dropped > 0) this.notice(notSentNotice(bytesToMs(dropped)));
    return committed;
  }

  /** No session is coming back: whatever waited for one is lost, and the user is told. */
  sessionClosed(): void {
    const turn = this.turn;
    const pending = turn && turn.state !== 'acknowledged' ? turn.bytes + turn.unkeptBytes : 0;
    const lost = this.waitingBytes + this.droppedBytes + pending;
    this.waiting = [];
    this.waitingBytes = 0;
    this.droppedBytes = 0;
    this.turn = null;
    if (lost > 0) this.notice(lostNotice(bytesToMs(lost)));
  }

  private keep(turn: KeptTurn, frame: Buffer): void {
    if (turn.bytes + frame.length > msToBytes(TURN_KEPT_MS)) turn.unkeptBytes += frame.length;
    else {
      turn.frames.push(frame);
      turn.bytes += frame.length;
    }
  }

  private sendWaiting(): void {
    const waiting = this.waiting;
    this.waiting = [];
    this.waitingBytes = 0;
    for (const frame of waiting) this.session.appendAudio(frame);
  }
}
