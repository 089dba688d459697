// The global push-to-talk key end to end, as the desktop app wires it: web mode with --global-hotkey (the same
// composition as the Electron entry) on a private X display, keys from xdotool, real PortAudio on a private
// PulseAudio, the simulator as the server. Speech from the virtual microphone reaches the server, the key's
// release (or second press) commits it, and the reply is heard at the virtual speaker; Esc throws a turn away.
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../../../src/sim/index';
import type { RunningSimulator } from '../../../src/sim/types';
import { removeDataDir, startWebMode, type RunningWebMode } from '../../support/e2e/web-mode';
import { startPulse, type PulseServer } from '../../support/pulse';
import { speechPcm, type SpeechClip } from '../../support/speech';
import { waitUntilAsync } from '../../support/wait';
import { connect, requestOk, type TestClient } from '../../support/ws-test-client';
import { startXvfb, type Xvfb } from '../../support/xvfb';
import { bestLag, rms, toFloat } from '../../support/correlation';
import { earconPcm } from '../../../src/main/audio/earcons';

const KEY = 'global-key-test-4e7b';

describe('the global key on the whole app', () => {
  let x: Xvfb;
  let pulse: PulseServer;
  let sim: RunningSimulator;
  let web: RunningWebMode;
  let client: TestClient;
  let clip: SpeechClip;

  const xdotool = (...args: string[]): void => void execFileSync('xdotool', args, { env: { ...process.env, DISPLAY: x.display } });
  const received = (type: string): number => (sim.connections().at(-1)?.received ?? []).filter((e) => e.type === type).length;

  const request = (name: string, payload?: unknown): Promise<unknown> => requestOk(client, name, payload);
  const activity = async (): Promise<string> => ((await request('getStatus')) as { activity: string }).activity;

  /** Waits for the next completed assistant turn and for its sound at the speaker. */
  async function replyHeard(from: number): Promise<void> {
    const speaker = pulse.record();
    await speaker.ready;
    await client.waitFor(
      (f) => client.frames.indexOf(f) >= from && f.event === 'turn' && (f.payload as { role: string; status: string }).role === 'assistant' && (f.payload as { status: string }).status === 'done',
      60_000,
    );
    await speaker.waitForSound(1000, 20_000);
    await speaker.stop();
  }

  beforeAll(async () => {
    x = await startXvfb();
    pulse = await startPulse();
    sim = await startSimulator({ port: 0, requireKey: KEY, pace: 1 });
    clip = await speechPcm('What time is it in Tokyo?');
    web = await startWebMode({ args: ['--endpoint', sim.url, '--global-hotkey'], env: { ...pulse.env, DISPLAY: x.display, REALTIME_API_KEY: KEY } });
    const outcome = await connect(`ws://127.0.0.1:${web.port}/ipc?token=${web.token}`);
    if (!outcome.opened) throw new Error(`upgrade refused with ${outcome.status}`);
    client = outcome.client;
    await waitUntilAsync(async () => ((await request('getStatus')) as { connection: string }).connection === 'open', 20_000, 'the session');
    // The replies' sound is what these tests listen for; the earcons get a test of their own (the last).
    await request('updateSettings', { earcons: false });
  }, 90_000);

  afterAll(async () => {
    client?.ws.close();
    await web?.stop();
    if (web) await removeDataDir(web.dataDir);
    await sim?.close();
    await pulse?.stop();
    await x?.stop();
    await clip?.cleanup();
  });

  it('hold: F9 held while speaking sends the speech at release, and the reply is heard', async () => {
    const from = client.frames.length;
    const commits = received('input_audio_buffer.commit');
    xdotool('keydown', 'F9');
    await waitUntilAsync(async () => (await activity()) === 'listening', 10_000, 'listening');
    await pulse.playIntoMic(clip.wav);
    await waitUntilAsync(() => received('input_audio_buffer.append') > 0, 10_000, 'audio at the server');
    xdotool('keyup', 'F9');
    await waitUntilAsync(() => received('input_audio_buffer.commit') === commits + 1, 10_000, 'the commit');
    await replyHeard(from);
  }, 90_000);

  it('toggle: a press starts, the next press sends', async () => {
    await request('updateSettings', { hotkeyMode: 'toggle' });
    const from = client.frames.length;
    const commits = received('input_audio_buffer.commit');
    xdotool('key', 'F9');
    await waitUntilAsync(async () => (await activity()) === 'listening', 10_000, 'listening');
    await pulse.playIntoMic(clip.wav);
    expect(received('input_audio_buffer.commit')).toBe(commits); // the release of the first press sent nothing
    xdotool('key', 'F9');
    await waitUntilAsync(() => received('input_audio_buffer.commit') === commits + 1, 10_000, 'the commit');
    await replyHeard(from);
    await request('updateSettings', { hotkeyMode: 'hold' });
  }, 90_000);

  it('Esc while talking throws the turn away: cleared, never committed', async () => {
    const commits = received('input_audio_buffer.commit');
    xdotool('keydown', 'F9');
    await waitUntilAsync(async () => (await activity()) === 'listening', 10_000, 'listening');
    await pulse.playIntoMic(clip.wav);
    await waitUntilAsync(() => received('input_audio_buffer.append') > 0, 10_000, 'audio at the server');
    const clears = received('input_audio_buffer.clear'); // the press itself starts with a clear
    xdotool('key', 'Escape');
    await waitUntilAsync(() => received('input_audio_buffer.clear') > clears, 10_000, 'the clear');
    await waitUntilAsync(async () => (await activity()) === 'idle', 10_000, 'idle');
    xdotool('keyup', 'F9');
    // Something the app does after the release, to know the release was handled: a typed question's reply.
    const from = client.frames.length;
    await request('sendText', { text: 'Are you there?' });
    await replyHeard(from);
    expect(received('input_audio_buffer.commit')).toBe(commits);
  }, 90_000);

  it('earcons: the press is heard as rising notes, the release that sends as falling ones, and neither is sent', async () => {
    await request('updateSettings', { earcons: true });
    const speaker = pulse.record();
    await speaker.ready;
    const from = client.frames.length;
    const commits = received('input_audio_buffer.commit');
    const appended = received('input_audio_buffer.append');
    xdotool('keydown', 'F9');
    await waitUntilAsync(async () => (await activity()) === 'listening', 10_000, 'listening');
    // Nothing is said: the microphone's silence goes out (and comes back as the simulator's silent echo).
    await waitUntilAsync(() => received('input_audio_buffer.append') >= appended + 10, 10_000, 'half a second of microphone audio');
    xdotool('keyup', 'F9');
    await waitUntilAsync(() => received('input_audio_buffer.commit') === commits + 1, 10_000, 'the commit');
    await client.waitFor((f) => client.frames.indexOf(f) >= from && f.event === 'turn' && (f.payload as { role: string; status: string }).role === 'assistant' && (f.payload as { status: string }).status === 'done', 60_000);
    const target = speaker.bytes() + 300 * 48;
    await speaker.waitUntil(() => speaker.bytes() >= target, 10_000);
    const heard = toFloat(await speaker.stop());
    // Each earcon is found whole in the recording (full overlap only), the start one before the stop one.
    const find = (kind: 'start' | 'stop') => {
      const ref = toFloat(earconPcm(kind));
      return bestLag(ref, heard, 0, heard.length - ref.length);
    };
    const start = find('start');
    const stop = find('stop');
    expect(start.corr, 'the start earcon').toBeGreaterThan(0.9);
    expect(stop.corr, 'the stop earcon').toBeGreaterThan(0.9);
    expect(stop.lag).toBeGreaterThan(start.lag + earconPcm('start').length / 2);
    // What the server got is the microphone's silence, with no trace of either sound.
    const sent = Buffer.concat(
      (sim.connections().at(-1)?.received ?? [])
        .filter((e) => e.type === 'input_audio_buffer.append')
        .slice(appended)
        .map((e) => Buffer.from(String(e.audio), 'base64')),
    );
    expect(sent.length).toBeGreaterThan(0);
    expect(rms(toFloat(sent))).toBeLessThan(0.001);
  }, 90_000);
});
