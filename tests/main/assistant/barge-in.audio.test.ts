// Barge-in on real audio: the assistant's reply plays through PortAudio into a private PulseAudio's
// virtual speaker, recorded from its monitor. An interruption must silence it, truncate the item to what
// was actually heard (within 20 ms), and never play the deltas that were still in flight.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toFloat } from '../../support/correlation';
import { startPulse, type PulseServer } from '../../support/pulse';
import { speechPcm, type SpeechClip } from '../../support/speech';
import { ProbeProcess as Probe } from '../../support/probe-process';

const SAMPLES_PER_MS = 24;

/** Stretches of sound in a recording, split wherever it is silent for at least `gapMs`. */
function soundSegments(pcm: Buffer, gapMs = 50, threshold = 0.003): { first: number; last: number }[] {
  const x = toFloat(pcm);
  const segments: { first: number; last: number }[] = [];
  for (let i = 0; i < x.length; i++) {
    if (Math.abs(x[i]!) < threshold) continue;
    const current = segments.at(-1);
    if (current && i - current.last <= gapMs * SAMPLES_PER_MS) current.last = i;
    else segments.push({ first: i, last: i });
  }
  return segments;
}

const msOf = (segment: { first: number; last: number }): number => (segment.last - segment.first + 1) / SAMPLES_PER_MS;

describe('barge-in on real audio', () => {
  let server: PulseServer;
  let clip: SpeechClip;

  beforeAll(async () => {
    server = await startPulse();
    clip = await speechPcm('Wait, stop there please.');
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
    await clip?.cleanup();
  });

  it('a new push-to-talk press silences the reply, truncates it to what was heard, and drops late deltas', async () => {
    const recorder = server.record();
    await recorder.ready;
    const probe = Probe.start({ mode: 'ptt', halfDuplex: 'always', lateDeltasMs: 400 }, server.env);
    try {
      await probe.next('ready');
      // The simulator answers with a continuous tone of 60 ms per character: about 6 s here.
      probe.send({ cmd: 'ask', text: 'Please read me the whole weather report for the coming week, day by day.' });
      probe.send({ cmd: 'press-at', atPlayedMs: 1500 });
      const truncated = await probe.next('truncated');
      const done = await probe.next('response-done');
      expect(done.status).toBe('cancelled');
      // The simulator really sent audio after the interruption: it must not have been played.
      expect(done.deltasAfterTruncate).toBeGreaterThan(0);
      // Watch the speaker for another 800 ms after the response ended.
      const until = recorder.bytes() + 800 * SAMPLES_PER_MS * 2;
      await recorder.waitUntil(() => recorder.bytes() >= until, 10_000);
      const segments = soundSegments(await recorder.stop());

      expect(segments).toHaveLength(1);
      const heardMs = msOf(segments[0]!);
      // The press came once the engine counted 1.5 s as played; its refined count after the stop may be a
      // little lower. What matters is the match with what the speaker really played, just below.
      expect(truncated.audioEndMs).toBeGreaterThan(1400);
      expect(Math.abs(heardMs - truncated.audioEndMs)).toBeLessThanOrEqual(20);
    } finally {
      await probe.quit();
    }
  }, 60_000);

  it('hands-free: the user speaking over the reply (server VAD) silences it and truncates to what was heard', async () => {
    const recorder = server.record();
    await recorder.ready;
    // Half-duplex off, as with headphones: the microphone stays open while the assistant speaks.
    const probe = Probe.start({ mode: 'vad', halfDuplex: 'off', lateDeltasMs: 400 }, server.env);
    try {
      await probe.next('ready');
      probe.send({ cmd: 'ask', text: 'Please read me the whole weather report for the coming week, day by day.' });
      probe.send({ cmd: 'watch-played', atPlayedMs: 1500 });
      await probe.next('played');
      const speaking = server.playIntoMic(clip.wav);
      const truncated = await probe.next('truncated');
      const done = await probe.next('response-done');
      expect(done.status).toBe('cancelled');
      expect(done.deltasAfterTruncate).toBeGreaterThan(0);
      await speaking;
      const until = recorder.bytes() + 300 * SAMPLES_PER_MS * 2;
      await recorder.waitUntil(() => recorder.bytes() >= until, 10_000);
      // The user's turn then gets its own reply (the echo of their speech) after a pause: only the first
      // stretch of sound is the interrupted reply.
      const [interrupted, next] = soundSegments(await recorder.stop(), 250);
      expect(interrupted).toBeDefined();
      expect(Math.abs(msOf(interrupted!) - truncated.audioEndMs)).toBeLessThanOrEqual(20);
      if (next) expect((next.first - interrupted!.last) / SAMPLES_PER_MS).toBeGreaterThan(250);
    } finally {
      await probe.quit();
    }
  }, 60_000);
});
