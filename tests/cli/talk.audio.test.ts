// A whole voice turn through the CLI on real audio: speech played into the virtual microphone reaches the
// simulator as 24 kHz pcm16, the simulator answers with that audio, and it comes out of the virtual speaker.
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../../src/sim/index';
import { tone } from '../../src/sim/audio';
import type { RunningSimulator } from '../../src/sim/types';
import { bestLag, medianWindowCorrelation, toFloat } from '../support/correlation';
import { startPulse, type PulseServer } from '../support/pulse';
import { speechPcm, type SpeechClip } from '../support/speech';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cli(args: string[], env: NodeJS.ProcessEnv, onStderr?: (text: string) => void): Promise<Run> {
  return new Promise((resolve) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { env: { ...env, REALTIME_API_KEY: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    proc.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    proc.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      onStderr?.(stderr);
    });
    proc.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The audio a client appended, in order, from what the simulator received. */
function appended(sim: RunningSimulator): Buffer {
  const events = sim.connections().at(-1)?.received ?? [];
  return Buffer.concat(events.filter((e) => e.type === 'input_audio_buffer.append').map((e) => Buffer.from(String(e.audio), 'base64')));
}

function correlation(reference: Buffer, recording: Buffer): { corr: number; median: number } {
  const ref = toFloat(reference);
  const rec = toFloat(recording);
  const { lag, corr } = bestLag(ref, rec);
  return { corr, median: medianWindowCorrelation(ref, rec, lag).median };
}

describe('cli talk and ask on real audio', () => {
  let server: PulseServer;
  let sim: RunningSimulator;
  let clip: SpeechClip;

  beforeAll(async () => {
    server = await startPulse();
    sim = await startSimulator({ port: 0 });
    clip = await speechPcm('Hello assistant. Please repeat what I say, word for word.');
  }, 60_000);

  afterAll(async () => {
    await sim?.close();
    await server?.stop();
    await clip?.cleanup();
  });

  it('talk --record-seconds: speech in, the simulator hears it, the reply comes out of the speaker', async () => {
    const recorder = server.record();
    await recorder.ready;
    let fed: Promise<void> | null = null;
    const seconds = clip.pcm.length / 48000 + 1.5;
    const run = await cli(['talk', '--record-seconds', seconds.toFixed(1), '--endpoint', sim.url, '--key', 'talk-test-key-1'], server.env, (stderr) => {
      // Speak once the CLI says it is listening (the microphone is open).
      if (!fed && stderr.includes('Listening')) fed = server.playIntoMic(clip.wav);
    });
    await fed;
    const played = await recorder.stop();

    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/I heard \d+\.\d\d seconds of audio\./);
    const heardByServer = correlation(clip.pcm, appended(sim));
    expect(heardByServer.corr, 'server: whole clip').toBeGreaterThanOrEqual(0.9);
    expect(heardByServer.median, 'server: median window').toBeGreaterThanOrEqual(0.9);
    const heardFromSpeaker = correlation(clip.pcm, played);
    expect(heardFromSpeaker.corr, 'speaker: whole clip').toBeGreaterThanOrEqual(0.9);
    expect(heardFromSpeaker.median, 'speaker: median window').toBeGreaterThanOrEqual(0.9);
  }, 90_000);

  it('ask plays the spoken reply and exits once it has been heard', async () => {
    const recorder = server.record();
    await recorder.ready;
    const question = 'What is the time?';
    const run = await cli(['ask', question, '--endpoint', sim.url, '--key', 'talk-test-key-1'], server.env);
    const played = await recorder.stop();
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`You said: ${question}`);
    // The simulator speaks a text answer as a 440 Hz tone of 60 ms per character of the answer.
    const expected = tone(`You said: ${question}`.length * 60);
    expect(correlation(expected, played).corr).toBeGreaterThanOrEqual(0.9);
  }, 60_000);

  it('names a missing device plainly and exits 1', async () => {
    const run = await cli(['talk', '--record-seconds', '1', '--input-device', 'no-such-mic', '--sim'], server.env);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/No input device named "no-such-mic"\. Run "npm run cli -- devices"/);
  }, 30_000);
});
