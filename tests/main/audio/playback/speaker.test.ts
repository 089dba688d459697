// Real playback through PortAudio → ALSA pulse plugin → a private PulseAudio, recorded at the virtual
// speaker's monitor. Audio is streamed in ~100 ms deltas, as a Realtime server sends them (a little ahead of
// real time).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { levelChunk, analyseLevels } from '../../../../bench/audio/level-signal';
import { bestLag, findGaps, medianWindowCorrelation, rms, soundBounds, toFloat } from '../../../support/correlation';
import { startPulse } from '../../../support/pulse';
import type { PulseServer, Recorder } from '../../../support/pulse';
import { speechPcm } from '../../../support/speech';
import type { SpeechClip } from '../../../support/speech';
import { AudioDriver } from '../../../support/audio-driver-client';
import { burnCpus } from '../../../support/cpu-burner';
import { stallProcesses } from '../../../support/machine-stall';

const MS = 24; // samples per ms

describe('AudioPlayback on a private PulseAudio', () => {
  let server: PulseServer;
  let driver: AudioDriver;
  let clip: SpeechClip;

  beforeAll(async () => {
    server = await startPulse();
    driver = await AudioDriver.spawn(server.env);
    clip = await speechPcm('Here is the assistant speaking: the weather tomorrow is mild, with light wind from the west.');
    await driver.call('playback.create');
  }, 60_000);

  afterAll(async () => {
    await driver?.close();
    await server?.stop();
    await clip?.cleanup();
  });

  /** Records the speaker while `run` plays, until playback reports idle, plus a little after. */
  async function recordWhile(run: () => Promise<unknown>): Promise<{ pcm: Buffer; rec: Recorder }> {
    const rec = server.record();
    await rec.ready;
    const since = driver.log.length;
    await run();
    await driver.waitEvent('playback:idle', 30_000, since);
    // Let the monitor deliver what was rendered up to now: wait for 200 ms more of recording.
    const target = rec.bytes() + 200 * MS * 2;
    await rec.waitUntil(() => rec.bytes() >= target, 10_000);
    return { pcm: await rec.stop(), rec };
  }

  it('plays a clip streamed in 100 ms deltas faithfully, without gaps, and counts all of it as played', async () => {
    // Deltas come 300 ms ahead of real time, as a real service's do (the simulator's pacing too).
    const { pcm } = await recordWhile(() => driver.call('playback.stream', { itemId: 'speech-1', pcm: clip.pcm, chunkBytes: 4800, intervalMs: 100, aheadMs: 300 }));
    const ref = toFloat(clip.pcm);
    const rec = toFloat(pcm);
    const { lag, corr } = bestLag(ref, rec);
    expect(corr).toBeGreaterThanOrEqual(0.9);
    expect(medianWindowCorrelation(ref, rec, lag).median).toBeGreaterThanOrEqual(0.9);
    expect(findGaps(ref, rec, lag)).toEqual([]);
    // Nothing stretched or inserted: the recorded speech spans what the clip spans.
    const a = soundBounds(ref);
    const b = soundBounds(rec);
    expect(Math.abs(b.last - b.first - (a.last - a.first)) / MS).toBeLessThan(20);
    expect(await driver.call<number>('playback.playedMs', { itemId: 'speech-1' })).toBeCloseTo(clip.durationMs, 0);
  });

  it('at stop() mid-item, playedMs is within 20 ms of what reached the speaker', async () => {
    // 20 ms chunks at distinct levels: the recording shows exactly how many samples came out.
    const chunks = 150;
    const signal = Buffer.concat(Array.from({ length: chunks }, (_, k) => levelChunk(k)));
    for (const stopAfterMs of [650, 1130, 1480]) {
      const itemId = `levels-${stopAfterMs}`;
      let stopped: { stopped: boolean; playedAtStop: number; playedAfterStop: number } | undefined;
      const { pcm } = await recordWhile(async () => {
        stopped = await driver.call('playback.stream', { itemId, pcm: signal, chunkBytes: 4800, intervalMs: 100, aheadMs: 300, stopAfterMs });
      });
      expect(stopped?.stopped).toBe(true);
      const levels = analyseLevels(pcm, 100);
      expect(levels.missingMs, levels.chunkMs.map((m) => m.toFixed(1)).join(" ")).toBeLessThan(5);
      // From the first to the last non-silent sample; chunk boundaries smear under resampling, the span doesn't.
      const heard = (levels.lastSample - levels.firstSample + 1) / MS;
      const counted = await driver.call<number>('playback.playedMs', { itemId });
      expect(counted).toBe(stopped!.playedAfterStop); // frozen after stop
      expect(Math.abs(counted - heard), `counted ${counted.toFixed(1)} ms, speaker got ${heard.toFixed(1)} ms`).toBeLessThanOrEqual(20);
      // Read just before stop(), as a barge-in does, it already says what the speaker will have played.
      expect(Math.abs(stopped!.playedAtStop - heard), `read before stop ${stopped!.playedAtStop.toFixed(1)} ms`).toBeLessThanOrEqual(20);
      // Late deltas of a stopped item are ignored.
      await driver.call('playback.play', { itemId, pcm: levelChunk(1) });
      expect(await driver.call<number>('playback.playedMs', { itemId })).toBe(counted);
    }
  });

  it('rides out a blocked event loop while other processes keep every core busy: no gap, nothing dropped', async () => {
    // The server is ahead of real time (the whole reply has arrived); the device's callback pulls from the
    // addon's queue, so the JavaScript side may be late by far more than the device buffer.
    const burners = burnCpus();
    try {
      const since = driver.log.length;
      const { pcm } = await recordWhile(async () => {
        await driver.call('playback.play', { itemId: 'under-load', pcm: clip.pcm });
        await driver.call('playback.end', { itemId: 'under-load' });
        await driver.waitEvent('playback:started', 10_000, since);
        for (let i = 0; i < 3; i++) {
          await driver.call('block', { ms: 200 });
          await new Promise((r) => setTimeout(r, 250)); // the loop runs again in between
        }
      });
      const ref = toFloat(clip.pcm);
      const rec = toFloat(pcm);
      const { lag, corr } = bestLag(ref, rec);
      expect(corr).toBeGreaterThanOrEqual(0.9);
      expect(findGaps(ref, rec, lag)).toEqual([]);
      const a = soundBounds(ref);
      const b = soundBounds(rec);
      expect(Math.abs(b.last - b.first - (a.last - a.first)) / MS).toBeLessThan(20);
      expect((await driver.call<{ bridgedMs: number }>('playback.stats')).bridgedMs).toBe(0);
    } finally {
      burners.stop();
    }
  });

  it('rides out stalls of the whole machine (sound server, app and recorder stopped for 100 ms, three times): no gap', async () => {
    // A stopped machine stops the sound server too; when it resumes, the sink plays the time that passed at
    // once, from what is in the device buffer. A buffer shallower than the stall leaves a hole and shifts
    // everything after it.
    const since = driver.log.length;
    const pids = [...(await server.processIds()), driver.pid];
    const { pcm } = await recordWhile(async () => {
      const streaming = driver.call('playback.stream', { itemId: 'stalled-machine', pcm: clip.pcm, chunkBytes: 4800, intervalMs: 100, aheadMs: 300 });
      await driver.waitEvent('playback:started', 10_000, since);
      for (let i = 0; i < 3; i++) {
        await new Promise((r) => setTimeout(r, 900));
        await stallProcesses(pids, 100);
      }
      await streaming;
    });
    const ref = toFloat(clip.pcm);
    const rec = toFloat(pcm);
    const { lag, corr } = bestLag(ref, rec);
    const gaps = findGaps(ref, rec, lag).map((g) => `${(g.refStart / MS).toFixed(0)} ms +${(g.lengthSamples / MS).toFixed(0)}`);
    expect(gaps, `correlation ${corr.toFixed(3)}`).toEqual([]);
    expect(corr).toBeGreaterThanOrEqual(0.9);
    const a = soundBounds(ref);
    const b = soundBounds(rec);
    expect(Math.abs(b.last - b.first - (a.last - a.first)) / MS).toBeLessThan(20);
  });

  it('applies the volume to the samples', async () => {
    const tone = Buffer.alloc(24000 * 2); // 1 s, 440 Hz at −6 dBFS
    for (let i = 0; i < 24000; i++) tone.writeInt16LE(Math.round(16384 * Math.sin((2 * Math.PI * 440 * i) / 24000)), i * 2);
    const loudness: number[] = [];
    for (const volume of [1, 0.25]) {
      await driver.call('playback.setVolume', { volume });
      const { pcm } = await recordWhile(() => driver.call('playback.stream', { itemId: `tone-${volume}`, pcm: tone }));
      const rec = toFloat(pcm);
      const { first, last } = soundBounds(rec, 0.02);
      loudness.push(rms(rec.subarray(first + 100 * MS, last - 100 * MS)));
    }
    await driver.call('playback.setVolume', { volume: 1 });
    expect(loudness[1]! / loudness[0]!).toBeGreaterThan(0.2);
    expect(loudness[1]! / loudness[0]!).toBeLessThan(0.3);
  });

  it('starts a new item after a stop and reports started/idle for it', async () => {
    const since = driver.log.length;
    const { pcm } = await recordWhile(() => driver.call('playback.stream', { itemId: 'after-stop', pcm: clip.pcm.subarray(0, 24000 * 2) }));
    const started = driver.log.slice(since).filter((e) => e.name === 'playback:started').map((e) => e.args[0]);
    expect(started).toEqual(['after-stop']);
    const ref = toFloat(clip.pcm.subarray(0, 24000 * 2));
    expect(bestLag(ref, toFloat(pcm)).corr).toBeGreaterThanOrEqual(0.9);
  });
});
