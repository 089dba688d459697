// Where the time of each turn goes, and what the server counted for it. Fed the moments as they happen —
// the assistant's (key released, commit sent, text sent), the server's events, and when the reply's first
// audio was heard — it hands out one set of figures per response once the response is done and its
// first audio was heard (or will not be). No timers and no I/O: the clock is given, so tests drive it.
import type { ResponseStatus, ServerEvent } from '../../shared/protocol/events';
import type { TurnLatencyFigures, TurnUsageFigures } from '../../shared/turn-figures';
import { usageFrom } from '../history/from-turn';
import type { TurnMoment } from './assistant-types';

export interface ResponseFigures {
  responseId: string;
  /** The assistant turn (message item) the response made; null if it made none. */
  turnId: string | null;
  status: ResponseStatus | null;
  /** As the server named it in session.created / session.updated; null if it did not. */
  model: string | null;
  latency: TurnLatencyFigures;
  usage: TurnUsageFigures | null;
}

/** The response's first audio, for the caller to watch until it is heard (see AudibleWatch). */
export interface FirstAudio {
  responseId: string;
  itemId: string;
  at: number;
}

interface Start {
  /** End of the user's speech: the key let go, or speech_stopped. */
  endAt: number | null;
  /** The commit sent (push-to-talk), committed by the server (hands-free), or a typed message sent. */
  commitAt: number | null;
}

interface Open extends Start {
  id: string;
  createdAt: number | null;
  firstDeltaAt: number | null;
  audibleAt: number | null;
  /** Whether the first audio's audibility is settled (heard, or known never to be). */
  heardSettled: boolean;
  turnId: string | null;
  done: boolean;
  status: ResponseStatus | null;
  usage: TurnUsageFigures | null;
}

const NOTHING: Start = { endAt: null, commitAt: null };
/** Responses followed at once; older ones (a server that never finishes them) are dropped. */
const OPEN_LIMIT = 16;

export class TurnMetrics {
  private pending: Start = NOTHING;
  private readonly open = new Map<string, Open>();
  private model: string | null = null;

  constructor(
    /** Milliseconds on a monotonic clock (performance.now() in the app); the speaker counts on the same. */
    private readonly now: () => number,
    private readonly onFigures: (figures: ResponseFigures) => void,
  ) {}

  moment(kind: TurnMoment): void {
    const at = this.now();
    if (kind === 'released') this.pending = { endAt: at, commitAt: null };
    else if (kind === 'committed') this.pending = { ...this.pending, commitAt: at };
    else this.pending = { endAt: null, commitAt: at };
  }

  /** Returns the response's first audio when this event is it. */
  observe(event: ServerEvent): FirstAudio | null {
    switch (event.type) {
      case 'session.created':
      case 'session.updated':
        if (event.session.model) this.model = event.session.model;
        return null;
      case 'input_audio_buffer.speech_stopped':
        this.pending = { endAt: this.now(), commitAt: null };
        return null;
      case 'input_audio_buffer.committed':
        // Hands-free: the server committed what it heard. Push-to-talk has the app's own commit already.
        if (this.pending.endAt !== null && this.pending.commitAt === null) this.pending = { ...this.pending, commitAt: this.now() };
        return null;
      case 'response.created':
        this.begin(event.response.id, this.pending, this.now());
        this.pending = NOTHING;
        return null;
      case 'response.output_item.added':
        if (event.item.type === 'message' && event.item.id) this.claimTurn(this.find(event.response_id), event.item.id);
        return null;
      case 'response.text.delta':
      case 'response.audio_transcript.delta':
        this.claimTurn(this.find(event.response_id), event.item_id);
        return null;
      case 'response.audio.delta':
        return this.firstAudio(this.find(event.response_id), event.item_id);
      case 'response.done':
        this.finish(event.response.id, event.response);
        return null;
      default:
        return null;
    }
  }

  /**
   * The response's first audio became audible at `at` (on the same clock), or null: it never will (cut before
   * it sounded, no speaker). The figures go out now if the response is done.
   */
  heard(responseId: string, at: number | null): void {
    const r = this.open.get(responseId);
    if (!r || r.heardSettled) return;
    r.heardSettled = true;
    r.audibleAt = at === null || r.firstDeltaAt === null ? null : Math.max(at, r.firstDeltaAt);
    this.emitIfReady(r);
  }

  /** Whether the first audio of this response is still waiting to be heard. */
  waitingToBeHeard(responseId: string): boolean {
    const r = this.open.get(responseId);
    return !!r && r.firstDeltaAt !== null && !r.heardSettled;
  }

  private begin(id: string, start: Start, createdAt: number | null): Open {
    const r: Open = { id, ...start, createdAt, firstDeltaAt: null, audibleAt: null, heardSettled: false, turnId: null, done: false, status: null, usage: null };
    this.open.set(id, r);
    for (const old of this.open.keys()) {
      if (this.open.size <= OPEN_LIMIT) break;
      this.open.delete(old);
    }
    return r;
  }

  /** A delta without a response id (a minimal server) belongs to the newest response. */
  private find(responseId: string): Open | null {
    return (responseId ? this.open.get(responseId) : [...this.open.values()].at(-1)) ?? null;
  }

  private claimTurn(r: Open | null, itemId: string): void {
    if (r && itemId) r.turnId ??= itemId;
  }

  private firstAudio(r: Open | null, itemId: string): FirstAudio | null {
    if (!r || r.firstDeltaAt !== null) return null;
    r.firstDeltaAt = this.now();
    this.claimTurn(r, itemId);
    return { responseId: r.id, itemId, at: r.firstDeltaAt };
  }

  private finish(id: string, response: Extract<ServerEvent, { type: 'response.done' }>['response']): void {
    // A response that began before these metrics were listening still has its usage; the moments waiting
    // are for the next response, not this one.
    const r = this.open.get(id) ?? this.begin(id, NOTHING, null);
    r.done = true;
    r.status = response.status ?? null;
    r.usage = usageFrom(response.usage);
    if (!r.turnId) r.turnId = response.output?.find((item) => item.type === 'message' && item.id)?.id ?? null;
    this.emitIfReady(r);
  }

  private emitIfReady(r: Open): void {
    if (!r.done || (r.firstDeltaAt !== null && !r.heardSettled)) return;
    this.open.delete(r.id);
    this.onFigures({ responseId: r.id, turnId: r.turnId, status: r.status, model: this.model, latency: latencyOf(r), usage: r.usage });
  }
}

/** The stages between the moments; each null unless both of its ends are known. */
export function latencyOf(m: Start & { createdAt: number | null; firstDeltaAt: number | null; audibleAt: number | null }): TurnLatencyFigures {
  const span = (from: number | null, to: number | null): number | null => (from === null || to === null ? null : round(Math.max(0, to - from)));
  return {
    releaseToCommitMs: span(m.endAt, m.commitAt),
    commitToCreatedMs: span(m.commitAt, m.createdAt),
    createdToFirstDeltaMs: span(m.createdAt, m.firstDeltaAt),
    firstDeltaToAudibleMs: span(m.firstDeltaAt, m.audibleAt),
    totalMs: span(m.endAt ?? m.commitAt, m.audibleAt),
  };
}

/** Microseconds are what a release → commit takes; finer than that is noise. */
const round = (ms: number): number => Math.round(ms * 1000) / 1000;
