// The launch trigger through the real core (offline demo over loopback, fake audio engine).
import { afterEach, describe, expect, it } from 'vitest';
import { launchAction, TalkToggle } from '../../../src/main/desktop/launch-trigger';
import { closeAllApps, startApp, startDemoApp } from '../../support/app-harness';
import { waitUntil } from '../../support/wait';

afterEach(closeAllApps);

describe('launchAction', () => {
  it('reads the flag a second launch was given', () => {
    expect(launchAction(['/usr/bin/voice-assistant', '--toggle-talk'])).toBe('toggle-talk');
    expect(launchAction(['/usr/bin/voice-assistant', '--quick-ask'])).toBe('quick-ask');
    expect(launchAction(['/usr/bin/voice-assistant'])).toBeNull();
    expect(launchAction(['/usr/bin/voice-assistant', '--toggle-talking'])).toBeNull();
  });
});

describe('TalkToggle', () => {
  it('starts a turn, then sends it: the microphone opens and the server gets a commit', async () => {
    const h = await startDemoApp();
    const toggle = new TalkToggle(h.core);
    expect(await toggle.toggle()).toEqual({ ok: true, did: 'started' });
    expect(h.audio.openMicrophones).toHaveLength(1);
    h.audio.openMicrophones[0]!.feed(Buffer.alloc(24 * 2 * 400));
    expect(await toggle.toggle()).toEqual({ ok: true, did: 'sent' });
    const sim = h.servers[0]!;
    await waitUntil(() => (sim.connections().at(-1)?.received ?? []).some((e) => e.type === 'input_audio_buffer.commit'), 5000, 'the commit');
    expect(await toggle.toggle()).toEqual({ ok: true, did: 'started' }); // and again
  });

  it('says why when there is no session to talk to', async () => {
    const h = await startApp(); // no key, no demo
    const result = await new TalkToggle(h.core).toggle();
    expect(result.ok).toBe(false);
    expect(result.ok === false && result.message).toMatch(/\w/);
  });
});
