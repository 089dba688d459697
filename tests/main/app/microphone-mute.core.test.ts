// Mute microphone through the real core (offline demo over loopback, fake audio engine): what the
// simulator receives while muted, what a press says, and the status every window and the tray follow.
import { afterEach, describe, expect, it } from 'vitest';
import { MICROPHONE_MUTED } from '../../../src/main/app/microphone-mute';
import { closeAllApps, startApp, startDemoApp, type AppHarness } from '../../support/app-harness';
import { waitUntil } from '../../support/wait';

afterEach(closeAllApps);

/** Every pcm16 sample the (only live) simulator connection was sent, in order. */
const samplesSent = (h: AppHarness): number[] => {
  const received = h.servers.at(-1)?.connections().at(-1)?.received ?? [];
  const samples: number[] = [];
  for (const event of received.filter((e) => e.type === 'input_audio_buffer.append')) {
    const pcm = Buffer.from(String(event.audio), 'base64');
    for (let i = 0; i + 1 < pcm.length; i += 2) samples.push(pcm.readInt16LE(i));
  }
  return samples;
};

/** 20 ms of one quiet sample value (far below the simulator's voice detection): a marker for what got through. */
const frame = (value: number): Buffer => {
  const pcm = Buffer.alloc(960);
  for (let i = 0; i < pcm.length; i += 2) pcm.writeInt16LE(value, i);
  return pcm;
};

const statuses = (h: AppHarness): { micMuted: boolean }[] =>
  h.events.filter((e) => e.name === 'status').map((e) => e.payload as { micMuted: boolean });

describe('Mute microphone', () => {
  it('in hands-free, nothing heard while muted reaches the server, and unmuting lets frames through again', async () => {
    const h = await startDemoApp();
    await h.request('setMode', { mode: 'vad' });
    await waitUntil(() => h.audio.openMicrophones.length === 1, 5000, 'the microphone to open');
    const mic = h.audio.openMicrophones[0]!;
    mic.feed(frame(3));
    await waitUntil(() => samplesSent(h).includes(3), 5000, 'the first frame');

    await h.request('setMicMuted', { muted: true });
    mic.feed(frame(1));
    mic.feed(frame(1));
    await h.request('setMicMuted', { muted: false });
    mic.feed(frame(2));
    // Frames go out in order on one connection: once the last one has arrived, any muted one would have too.
    await waitUntil(() => samplesSent(h).includes(2), 5000, 'the frame after unmuting');
    expect(new Set(samplesSent(h))).toEqual(new Set([3, 2]));
    // The microphone stayed open: a mute is not a device change.
    expect(h.audio.microphones).toHaveLength(1);
  });

  it('a push-to-talk press while muted is refused, with the muted message shown, and nothing is sent', async () => {
    const h = await startDemoApp();
    await h.request('setMicMuted', { muted: true });
    await h.request('startTalking');
    expect(h.events.filter((e) => e.name === 'error').map((e) => e.payload)).toEqual([{ kind: 'audio', message: MICROPHONE_MUTED }]);
    expect(h.audio.microphones).toHaveLength(0);
    // No "heard you, recording" sound for a press that records nothing.
    expect(h.audio.earcons).toEqual([]);
    await h.request('stopTalking');
    expect(h.audio.earcons).toEqual([]);
    expect(h.core.handlers.getStatus(undefined, h.client)).toMatchObject({ activity: 'idle' });

    await h.request('setMicMuted', { muted: false });
    await h.request('startTalking');
    expect(h.audio.openMicrophones).toHaveLength(1);
    h.audio.openMicrophones[0]!.feed(frame(2));
    await h.request('stopTalking');
    await waitUntil(() => samplesSent(h).includes(2), 5000, 'the turn after unmuting');
    expect(h.audio.earcons).toEqual(['start', 'stop']);
  });

  it('keeps the Settings meter working while muted', async () => {
    const h = await startDemoApp();
    await h.request('setMicMuted', { muted: true });
    await h.request('setMicMonitor', { on: true, deviceId: null });
    expect(h.audio.monitors).toBe(1);
    expect(h.events.some((e) => e.name === 'level')).toBe(true);
  });

  it('status events carry micMuted, once per change; a new core starts unmuted', async () => {
    const h = await startApp();
    expect(h.core.handlers.getStatus(undefined, h.client)).toMatchObject({ micMuted: false });
    const before = statuses(h).length;
    await h.request('setMicMuted', { muted: true });
    await h.request('setMicMuted', { muted: true });
    expect(statuses(h).slice(before)).toEqual([expect.objectContaining({ micMuted: true })]);
    expect(h.core.handlers.getStatus(undefined, h.client)).toMatchObject({ micMuted: true });
    await h.request('setMicMuted', { muted: false });
    expect(statuses(h).slice(before).map((s) => s.micMuted)).toEqual([true, false]);
    // Not a setting: nothing was saved, and the next run starts unmuted.
    expect(h.settings.get()).not.toHaveProperty('micMuted');
    const next = await startApp({ settings: h.settings });
    expect(next.core.handlers.getStatus(undefined, next.client)).toMatchObject({ micMuted: false });
  });
});
