// Real capture through PortAudio → ALSA pulse plugin → a private PulseAudio whose virtual microphone is
// fed with synthesised speech. The engine runs in a child process (see driver/audio-driver.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bestLag, medianWindowCorrelation, toFloat } from '../../../support/correlation';
import { startPulse } from '../../../support/pulse';
import type { PulseServer } from '../../../support/pulse';
import { speechPcm } from '../../../support/speech';
import type { SpeechClip } from '../../../support/speech';
import { AudioDriver } from '../../../support/audio-driver-client';
import { FRAME_BYTES } from '../../../../src/shared/audio-format';

interface Taken {
  pcm: Buffer;
  frameSizes: number[];
  frames: number;
  levels: { rmsDbfs: number; peakDbfs: number }[];
}

describe('AudioCapture on a private PulseAudio', () => {
  let server: PulseServer;
  let driver: AudioDriver;
  let clip: SpeechClip;

  beforeAll(async () => {
    server = await startPulse();
    driver = await AudioDriver.spawn(server.env);
    clip = await speechPcm('Testing the microphone path: seven, eight, nine, and a short sentence to finish.');
  }, 60_000);

  afterAll(async () => {
    await driver?.close();
    await server?.stop();
    await clip?.cleanup();
  });

  it('delivers speech played into the virtual microphone as exact 40 ms frames of 24 kHz pcm16', async () => {
    const opened = await driver.call<{ format: { rate: number; channels: number } }>('capture.start');
    expect(opened.format.rate).toBeGreaterThan(0);
    // Audio flows before the clip is injected: a live microphone hears nothing from before it started.
    const before = await driver.call<Taken>('capture.waitBytes', { bytes: FRAME_BYTES * 5 });
    await server.playIntoMic(clip.wav);
    // paplay returns when the server has played the clip; wait for the clip's length plus half a second of
    // margin to arrive so the tail is in.
    const after = await driver.call<Taken>('capture.waitBytes', { bytes: clip.pcm.length + 24000 });
    await driver.call('capture.stop');
    const got = [before, after];
    const pcm = Buffer.concat(got.map((g) => g.pcm));
    const sizes = new Set(got.flatMap((g) => g.frameSizes));
    expect([...sizes]).toEqual([FRAME_BYTES]);

    const ref = toFloat(clip.pcm);
    const rec = toFloat(pcm);
    const { lag, corr } = bestLag(ref, rec);
    // On failure, say whether the audio was lost or mangled (a byte shift or an inverted polarity).
    const detail = `corr ${corr.toFixed(3)} at lag ${lag}; shifted one byte ${bestLag(ref, toFloat(pcm.subarray(1, pcm.length - 1))).corr.toFixed(3)}; inverted ${bestLag(ref, rec.map((v) => -v)).corr.toFixed(3)}`;
    expect(corr, detail).toBeGreaterThanOrEqual(0.9);
    expect(medianWindowCorrelation(ref, rec, lag).median).toBeGreaterThanOrEqual(0.9);

    // Levels come ~20 times a second and follow the signal: loud while speech played, quiet before.
    const levels = got.flatMap((g) => g.levels);
    const seconds = pcm.length / 48000;
    expect(levels.length / seconds).toBeGreaterThan(15);
    expect(levels.length / seconds).toBeLessThan(25);
    const loudest = Math.max(...levels.map((l) => l.peakDbfs));
    expect(loudest).toBeGreaterThan(-20);
    expect(Math.min(...levels.map((l) => l.rmsDbfs))).toBeLessThan(-60);
  });

  it("reports a stall in plain words within about a second when the device stops delivering", async () => {
    await driver.call('capture.start');
    const first = await driver.call<Taken>('capture.waitBytes', { bytes: FRAME_BYTES * 5 });
    expect(first.frames).toBeGreaterThanOrEqual(5);
    const since = driver.log.length;
    await server.pactl('suspend-source', 'mic', '1');
    try {
      const [error] = (await driver.waitEvent('capture:error', 10_000, since)) as [{ kind: string; message: string }];
      expect(error.kind).toBe('stalled');
      expect(error.message).toMatch(/stopped sending audio/);
      // stop() still returns although the device delivers nothing.
      await driver.call('capture.stop');
    } finally {
      await server.pactl('suspend-source', 'mic', '0');
    }
  });

  it('falls back to the default microphone, with a reason, when the chosen one does not exist', async () => {
    const since = driver.log.length;
    await driver.call('capture.start', { deviceId: 'ALSA:no-such-mic' });
    const [fallback] = (await driver.waitEvent('capture:fallback', 5000, since)) as [{ requestedId: string; reason: string }];
    expect(fallback.requestedId).toBe('ALSA:no-such-mic');
    expect(fallback.reason).toMatch(/not available/);
    await driver.call('capture.stop');
  });
});
