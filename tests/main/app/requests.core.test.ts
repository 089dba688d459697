// Leases through the real core (offline demo over loopback, fake audio engine): what a client holds
// ends with core.disconnect(client), and everything ends with core.close().
import { afterEach, describe, expect, it } from 'vitest';
import { dispatchRequest } from '../../../src/shared/ipc/envelope';
import { closeAllApps, startDemoApp } from '../../support/app-harness';
import { waitUntil, waitUntilAsync } from '../../support/wait';

afterEach(closeAllApps);

describe('core.disconnect', () => {
  it('ends the push-to-talk its client held, and only then', async () => {
    const { core, audio } = await startDemoApp();
    const page = core.connect('page');
    const other = core.connect('other');
    expect(await dispatchRequest(core.handlers, 'startTalking', undefined, page)).toEqual({ ok: true, value: { ok: true } });
    expect(audio.openMicrophones).toHaveLength(1);
    await core.disconnect(other);
    expect(audio.openMicrophones).toHaveLength(1);
    await core.disconnect(page);
    await waitUntil(() => audio.openMicrophones.length === 0, 5000, 'the microphone to close');
  });

  it('closes the mic meters of the client that leaves, and close() closes the rest', async () => {
    const { core, audio } = await startDemoApp();
    const a = core.connect('a');
    const b = core.connect('b');
    await dispatchRequest(core.handlers, 'setMicMonitor', { on: true, deviceId: null }, a);
    await dispatchRequest(core.handlers, 'setMicMonitor', { on: true, deviceId: null }, b);
    expect(audio.monitors).toBe(2);
    await core.disconnect(a);
    expect(audio.monitors).toBe(1);
    await core.close();
    expect(audio.monitors).toBe(0);
  });
});

describe('cancelTalking', () => {
  it('closes the microphone and sends the server a clear, never a commit', async () => {
    const h = await startDemoApp();
    await h.request('startTalking');
    const mic = h.audio.openMicrophones[0]!;
    mic.feed(Buffer.alloc(24 * 2 * 400));
    await h.request('cancelTalking');
    await waitUntil(() => h.audio.openMicrophones.length === 0, 5000, 'the microphone to close');
    const sim = h.servers[0]!;
    await waitUntil(() => (sim.connections().at(-1)?.received ?? []).filter((e) => e.type === 'input_audio_buffer.clear').length >= 2, 5000, 'the clear');
    const types = (sim.connections().at(-1)?.received ?? []).map((e) => e.type);
    expect(types).toContain('input_audio_buffer.append');
    expect(types).not.toContain('input_audio_buffer.commit');
    expect(h.core.handlers.getStatus(undefined, h.client)).toMatchObject({ activity: 'idle' });
  });
});

describe('earcons', () => {
  it('sound at the press and at a release that sends, in push-to-talk; not when off, nor in hands-free', async () => {
    const h = await startDemoApp();
    await h.request('startTalking');
    expect(h.audio.earcons).toEqual(['start']);
    h.audio.openMicrophones[0]!.feed(Buffer.alloc(24 * 2 * 400));
    await h.request('stopTalking');
    expect(h.audio.earcons).toEqual(['start', 'stop']);
    // A release with nothing being said (already released) sends nothing, so it makes no sound.
    await h.request('stopTalking');
    expect(h.audio.earcons).toEqual(['start', 'stop']);
    // A cancelled turn goes out nowhere: no "sent" sound.
    await h.request('startTalking');
    await h.request('cancelTalking');
    expect(h.audio.earcons).toEqual(['start', 'stop', 'start']);

    await h.request('updateSettings', { earcons: false });
    await h.request('startTalking');
    await h.request('stopTalking');
    expect(h.audio.earcons).toEqual(['start', 'stop', 'start']);

    await h.request('updateSettings', { earcons: true, mode: 'vad' });
    await waitUntilAsync(async () => ((await h.request('getStatus')) as { mode: string }).mode === 'vad', 5000, 'hands-free');
    await h.request('startTalking').catch(() => undefined);
    await h.request('stopTalking').catch(() => undefined);
    expect(h.audio.earcons).toEqual(['start', 'stop', 'start']);
  });
});
