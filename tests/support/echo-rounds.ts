// Hands-free rounds in the simulated room (room.ts), shared by the echo test and the echo benchmark: replies
// the user lets play (did the assistant's own voice interrupt them?), and replies the user talks over (did
// the user's voice interrupt them, and did the server hear the user rather than the assistant?).
import { bestLag, medianWindowCorrelation, toFloat } from './correlation';
import type { ProbeProcess } from './probe-process';
import type { ProbeReport } from './assistant-probe';
import type { PulseServer } from './pulse';
import type { SpeechClip } from './speech';

/** Rejects when `promise` has not settled within `ms`; what was awaited goes in the message. */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no ${what} within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** About 2.6 s of reply (the simulator speaks 60 ms per character of "You said: …"). */
const SHORT_QUESTION = 'Tell me about the weather, please.';
/** About 5 s of reply. */
const LONG_QUESTION = 'Please read me the whole weather report for the coming week, day by day.';

export interface QuietResult {
  /** Replies that played to the end. */
  completed: number;
  /** Times the server heard "speech" while only the assistant spoke: the assistant interrupting itself. */
  selfInterruptions: number;
  /** Where each was heard, in ms of what the microphone had sent (for `sentLevels`). */
  heardAtMs: number[];
}

/** The end of the reply to the last typed question (other replies' ends are counted, then skipped). */
async function askedDone(probe: ProbeProcess, what: string): Promise<{ status: string; others: number }> {
  let others = 0;
  for (;;) {
    const done = await within(probe.next('response-done'), 20_000, what);
    if (done.asked) return { status: done.status, others };
    others++;
  }
}

/** Waits until the assistant is idle and nothing more is coming: replies to whatever the server heard have played too. */
async function settle(probe: ProbeProcess, what: string): Promise<void> {
  // Bounded: echo answered as speech, whose reply echoes again, would otherwise go on for ever.
  for (let attempt = 0; ; attempt++) {
    if (attempt === 10) throw new Error(`${what}: the server kept hearing speech (the assistant answering its own echo?)`);
    probe.send({ cmd: 'wait-idle' });
    await within(probe.next('idle'), 30_000, what);
    // The server answers a turn it heard half a second after it ended (its VAD's silence): look again.
    probe.send({ cmd: 'watch-quiet', ms: 900 });
    const quiet = await within(probe.next('quiet'), 30_000, what);
    if (quiet.quiet) return;
  }
}

/** `rounds` replies that nobody talks over. */
export async function quietReplies(probe: ProbeProcess, rounds: number): Promise<QuietResult> {
  let completed = 0;
  const heardAtMs: number[] = [];
  for (let i = 0; i < rounds; i++) {
    probe.send({ cmd: 'ask', text: SHORT_QUESTION });
    const done = await askedDone(probe, `end of quiet reply ${i + 1}`);
    if (done.status === 'completed') completed++;
    // Played out: a question typed while it plays would cut it.
    await settle(probe, `quiet reply ${i + 1} played out`);
    // Any speech the server heard here was the assistant's own voice.
    for (let s = probe.take('speech-started'); s; s = probe.take('speech-started')) heardAtMs.push(s.sentMs);
  }
  return { completed, selfInterruptions: heardAtMs.length, heardAtMs };
}

/**
 * What was sent in the second before each of `atMs`, as 20 ms levels (dBFS, the server VAD's windows): when
 * a reply interrupts itself, this says whether a burst of echo got through or something else happened.
 */
export async function sentLevels(probe: ProbeProcess, atMs: number[]): Promise<string> {
  probe.send({ cmd: 'sent-audio' });
  const sent = toFloat(Buffer.from((await within(probe.next('sent-audio'), 10_000, 'the sent audio')).base64, 'base64'));
  const window = 480; // 20 ms at 24 kHz
  return atMs
    .map((at) => {
      const levels: number[] = [];
      for (let from = Math.max(0, Math.round((at - 1000) * 24)); from + window <= Math.min(sent.length, at * 24); from += window) {
        let sum = 0;
        for (let i = from; i < from + window; i++) sum += sent[i]! ** 2;
        levels.push(Math.round(10 * Math.log10(sum / window + 1e-12)));
      }
      return `heard at ${Math.round(at)} ms; the second before, per 20 ms (dBFS): ${levels.join(' ')}`;
    })
    .join('\n');
}

export interface BargeInResult {
  /** Replies the user's speech interrupted. */
  interrupted: number;
  /** Times the server heard speech: one per round when only the user interrupted. */
  speechStarts: number;
  /** Per interruption: windowed correlation of what the server received with the user's speech (median, 0.1 s windows). */
  heardUser: number[];
}

/** `rounds` replies the user talks over, `atMs` into each. */
export async function bargeIns(probe: ProbeProcess, server: PulseServer, user: SpeechClip, rounds: number, atMs = 1200): Promise<BargeInResult> {
  let interrupted = 0;
  let speechStarts = 0;
  const starts: Extract<ProbeReport, { ev: 'speech-started' }>[] = [];
  for (let i = 0; i < rounds; i++) {
    probe.send({ cmd: 'ask', text: LONG_QUESTION });
    probe.send({ cmd: 'watch-played', atPlayedMs: atMs });
    await within(probe.next('played'), 20_000, `reply ${i + 1} playing`);
    const speaking = server.playIntoMic(user.wav);
    const done = await askedDone(probe, `end of reply ${i + 1}`);
    await speaking;
    // The user's turn gets its own reply (the simulator plays back what it heard): let it play out.
    await settle(probe, `round ${i + 1} played out`);
    const first = probe.take('speech-started');
    if (first) starts.push(first);
    if (first && done.status === 'cancelled') interrupted++;
    speechStarts += first ? 1 : 0;
    while (probe.take('speech-started')) speechStarts++;
  }
  probe.send({ cmd: 'sent-audio' });
  const sent = toFloat(Buffer.from((await within(probe.next('sent-audio'), 10_000, 'the sent audio')).base64, 'base64'));
  const ref = toFloat(user.pcm);
  const heardUser = starts.map(({ sentMs }) => {
    // The server's onset lies a little after the speech began; look from 2 s before it.
    const from = Math.max(0, Math.round((sentMs - 2000) * 24));
    const window = sent.subarray(from, Math.min(sent.length, from + Math.round((user.durationMs + 3000) * 24)));
    const { lag } = bestLag(ref, window, 0);
    return medianWindowCorrelation(ref, window, lag, 2400, 24).median;
  });
  return { interrupted, speechStarts, heardUser };
}
