// TurnMetrics attached to a live assistant: its moments, the session's events, and the speaker's played-
// sample counter for when the first audio was heard. The app core and the turn benchmark both use this,
// so the figures a user sees and the ones `npm run bench` reports come from the same code.
//
// Audible is read from the played-sample counter rather than taken as the speaker's 'started' (first write
// to the device) plus a fixed device latency: the counter is already calibrated against what the speaker
// really plays (docs/audio-playback.md), and it knows what a fixed figure cannot — the lead-in, the audio
// already queued ahead when a reply follows another, a stream opened at response.created or at the delta.
// It is polled every few milliseconds from the first delta until it counts some of the item as played, and
// the moment is back-dated by what it counted, so the poll interval costs no accuracy.
import type { EventEmitter } from 'node:events';
import type { ServerEvent } from '../../shared/protocol/events';
import type { SpeakerPort } from '../audio/ports';
import type { AssistantEvents, SessionPort } from './assistant-types';
import { TurnMetrics, type FirstAudio, type ResponseFigures } from './turn-metrics';

type Speaker = Pick<SpeakerPort, 'on' | 'off' | 'playedMs' | 'playing'>;

export interface AudibleWatchOptions {
  pollMs?: number;
  /** First audio not heard within this long (a device that never starts) counts as never heard. */
  giveUpMs?: number;
}

/** Polls the speaker's counter for the first audio of a response; reports when it was first heard, or null. */
export class AudibleWatch {
  private readonly watching = new Map<string, FirstAudio>();
  private timer: ReturnType<typeof setInterval> | null = null;
  private readonly pollMs: number;
  private readonly giveUpMs: number;

  constructor(
    private readonly speaker: Speaker,
    private readonly now: () => number,
    private readonly onHeard: (responseId: string, at: number | null) => void,
    options: AudibleWatchOptions = {},
  ) {
    this.pollMs = options.pollMs ?? 5;
    this.giveUpMs = options.giveUpMs ?? 10_000;
    speaker.on('idle', this.onIdle);
  }

  watch(first: FirstAudio): void {
    this.watching.set(first.responseId, first);
    if (!this.check(first) && !this.timer) {
      this.timer = setInterval(this.poll, this.pollMs);
      this.timer.unref?.();
    }
  }

  /** Nothing is playing or queued, so what was not heard by now never will be (a reply cut, a failed speaker). */
  settleIfSilent(responseId: string): void {
    const first = this.watching.get(responseId);
    if (first && !this.speaker.playing) this.settle(first, this.heardAt(first));
  }

  close(): void {
    this.speaker.off('idle', this.onIdle);
    this.watching.clear();
    this.stopTimer();
  }

  private readonly poll = (): void => {
    for (const first of [...this.watching.values()]) {
      if (!this.check(first) && this.now() - first.at > this.giveUpMs) this.settle(first, null);
    }
  };

  private readonly onIdle = (): void => {
    for (const first of [...this.watching.values()]) this.settle(first, this.heardAt(first));
  };

  private check(first: FirstAudio): boolean {
    const at = this.heardAt(first);
    if (at !== null) this.settle(first, at);
    return at !== null;
  }

  /** When the item started to sound, from how much of it has sounded by now; null if none has. */
  private heardAt(first: FirstAudio): number | null {
    const played = this.speaker.playedMs(first.itemId);
    return played > 0 ? Math.max(first.at, this.now() - played) : null;
  }

  private settle(first: FirstAudio, at: number | null): void {
    this.watching.delete(first.responseId);
    if (this.watching.size === 0) this.stopTimer();
    this.onHeard(first.responseId, at);
  }

  private stopTimer(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}

export interface AttachOptions {
  assistant: Pick<EventEmitter<AssistantEvents>, 'on' | 'off'>;
  session: Pick<SessionPort, 'on' | 'off'>;
  speaker: Speaker;
  onFigures: (figures: ResponseFigures) => void;
  /** The clock of the speaker's counter. */
  now?: () => number;
  watch?: AudibleWatchOptions;
}

/**
 * Follows one assistant on one session until the returned function is called. Listen after the assistant
 * itself: at response.done the conversation has then finished the turn the figures are about.
 */
export function attachResponseFigures(options: AttachOptions): () => void {
  const now = options.now ?? (() => performance.now());
  const metrics = new TurnMetrics(now, options.onFigures);
  const audible = new AudibleWatch(options.speaker, now, (id, at) => metrics.heard(id, at), options.watch);
  const onMoment = (kind: AssistantEvents['moment'][0]): void => metrics.moment(kind);
  const onEvent = (event: ServerEvent): void => {
    const first = metrics.observe(event);
    if (first) audible.watch(first);
    // A reply that ended with nothing playing (cancelled before it sounded) will not be heard later.
    if (event.type === 'response.done' && metrics.waitingToBeHeard(event.response.id)) audible.settleIfSilent(event.response.id);
  };
  options.assistant.on('moment', onMoment);
  options.session.on('event', onEvent);
  return () => {
    options.assistant.off('moment', onMoment);
    options.session.off('event', onEvent);
    audible.close();
  };
}
