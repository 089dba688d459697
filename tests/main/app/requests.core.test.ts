// Leases through the real core (offline demo over loopback, fake audio engine): what a client holds
// ends with core.disconnect(client), and everything ends with core.close().
import { afterEach, describe, expect, it } from 'vitest';
import { dispatchRequest } from '../../../src/shared/ipc/envelope';
import { closeAllApps, startDemoApp } from '../../support/app-harness';
import { waitUntil } from '../../support/wait';

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
