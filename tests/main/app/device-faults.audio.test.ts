// Device faults on the whole app: web mode in a child process (the real core, PortAudio on a private
// PulseAudio), the simulator as the server, a WebSocket client in the page's place. A device that goes away
// mid-reply or mid-turn costs no completed turn, the app says so in plain words, and it keeps working.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../../../src/sim/index';
import type { RunningSimulator } from '../../../src/sim/types';
import { removeDataDir, startWebMode, type RunningWebMode } from '../../support/e2e/web-mode';
import { startPulse, type PulseServer } from '../../support/pulse';
import { speechPcm, type SpeechClip } from '../../support/speech';
import { waitUntilAsync } from '../../support/wait';
import { connect, requestOk, type TestClient } from '../../support/ws-test-client';

const KEY = 'device-faults-key-5c1d';

interface Turn {
  id: string;
  role: 'user' | 'assistant';
  kind: string;
  status: string;
  text: string;
}

describe('device faults on the whole app', () => {
  let pulse: PulseServer;
  let sim: RunningSimulator;
  let web: RunningWebMode;
  let client: TestClient;
  let clip: SpeechClip;

  beforeAll(async () => {
    pulse = await startPulse({ extraSinks: ['sink_a', 'micfeed_b'], alsaPcms: { out_a: 'sink_a', in_b: 'micfeed_b.monitor' } });
    sim = await startSimulator({ port: 0, requireKey: KEY, pace: 1 });
    clip = await speechPcm('Tell me something about the weather.');
    web = await startWebMode({ args: ['--endpoint', sim.url], env: { ...pulse.env, REALTIME_API_KEY: KEY } });
    const outcome = await connect(`ws://127.0.0.1:${web.port}/ipc?token=${web.token}`);
    if (!outcome.opened) throw new Error(`upgrade refused with ${outcome.status}`);
    client = outcome.client;
    await waitUntilAsync(async () => ((await request('getStatus')) as { connection: string }).connection === 'open', 20_000, 'the session to open');
  }, 90_000);

  afterAll(async () => {
    client?.ws.close();
    await web?.stop();
    if (web) await removeDataDir(web.dataDir);
    await sim?.close();
    await pulse?.stop();
    await clip?.cleanup();
  });

  const request = (name: string, payload?: unknown): Promise<unknown> => requestOk(client, name, payload);

  const turns = async (): Promise<Turn[]> => ((await request('getConversation')) as { turns: Turn[] }).turns;
  const since = (): number => client.frames.length;
  /** The first event `name` after frame `from` that matches. */
  const eventAfter = (from: number, name: string, match: (payload: Record<string, unknown>) => boolean = () => true, timeoutMs = 20_000) =>
    client.waitFor((f) => client.frames.indexOf(f) >= from && f.event === name && match(f.payload as Record<string, unknown>), timeoutMs);
  const doneTurn = (role: string) => (p: Record<string, unknown>) => p.role === role && p.status === 'done';

  it('the chosen output goes away mid-reply: the reply goes on on the default, completes, and the output is used again once it is back', async () => {
    await request('updateSettings', { outputDeviceId: 'ALSA:out_a' });
    const onA = pulse.record('sink_a.monitor');
    const onDefault = pulse.record('spk.monitor');
    await Promise.all([onA.ready, onDefault.ready]);
    const from = since();
    await request('sendText', { text: 'Please read me the whole weather report for the coming week, day by day, slowly.' });
    await onA.waitForSound(1000, 20_000);

    await pulse.unloadModule((await pulse.sinkModule('sink_a'))!);
    const changed = await eventAfter(from, 'devicesChanged', (p) => p.fallback !== undefined);
    expect((changed.payload as { fallback: { kind: string; message: string } }).fallback).toMatchObject({
      kind: 'output',
      message: expect.stringMatching(/"out_a" was disconnected; playing on the default output/),
    });
    await onDefault.waitForSound(1000, 20_000); // the rest of the reply, on the default output
    await eventAfter(from, 'turn', doneTurn('assistant'), 60_000);
    await Promise.all([onA.stop(), onDefault.stop()]);
    const afterFault = await turns();
    expect(afterFault.filter((t) => t.status === 'done').map((t) => t.role)).toEqual(['user', 'assistant']);

    // The output comes back (same name): the next reply plays there again, with no notice.
    await pulse.loadSink('sink_a');
    const backOnA = pulse.record('sink_a.monitor');
    await backOnA.ready;
    const next = since();
    await request('sendText', { text: 'And the day after?' });
    await backOnA.waitForSound(1000, 20_000);
    await eventAfter(next, 'turn', doneTurn('assistant'), 60_000);
    await backOnA.stop();
    expect(client.frames.slice(next).some((f) => f.event === 'devicesChanged' && (f.payload as { fallback?: unknown }).fallback)).toBe(false);
    await request('updateSettings', { outputDeviceId: null });
  }, 120_000);

  it('the chosen microphone goes away mid-turn: the user hears why, the turn is sent, and the next turn works', async () => {
    await request('updateSettings', { inputDeviceId: 'ALSA:in_b', mode: 'ptt' });
    const before = (await turns()).length;
    const from = since();
    await request('startTalking');
    const speaking = pulse.playIntoMic(clip.wav, false, 'micfeed_b');
    // Wait until the server has heard some of the speech, then pull the microphone.
    await expect.poll(() => appendedBytes(sim), { timeout: 20_000, interval: 20 }).toBeGreaterThan(24_000);
    await pulse.unloadModule((await pulse.sinkModule('micfeed_b'))!);
    await speaking.catch(() => undefined); // paplay fails once its sink is gone
    const notice = await client.waitFor(
      (f) => client.frames.indexOf(f) >= from && ((f.event === 'devicesChanged' && (f.payload as { fallback?: unknown }).fallback !== undefined) || f.event === 'error'),
      20_000,
    );
    expect(JSON.stringify(notice.payload)).toMatch(/microphone|"in_b"/i);
    await request('stopTalking');
    await eventAfter(from, 'turn', doneTurn('assistant'), 60_000);
    const after = await turns();
    expect(after.length).toBeGreaterThan(before);
    expect(after.slice(before).map((t) => t.role)).toContain('user');

    // The next turn on the default microphone works.
    await request('updateSettings', { inputDeviceId: null });
    const next = since();
    await request('startTalking');
    await pulse.playIntoMic(clip.wav);
    await request('stopTalking');
    await eventAfter(next, 'turn', doneTurn('assistant'), 60_000);
  }, 120_000);
});

function appendedBytes(sim: RunningSimulator): number {
  const events = sim.connections().at(-1)?.received ?? [];
  return events.filter((e) => e.type === 'input_audio_buffer.append').reduce((n, e) => n + Buffer.from(String(e.audio), 'base64').length, 0);
}
