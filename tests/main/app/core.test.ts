// The composition layer against the real simulator over loopback and a fake audio engine: settings reach
// the session and the assistant by one path, and the offline demo's server is the one handed in.
import { afterEach, describe, expect, it } from 'vitest';
import { closeAllApps, startApp as start, startDemoApp as startDemo, type AppHarness as Harness } from '../../support/app-harness';
import { waitUntil } from '../../support/wait';

/** What the (only live) simulator connection received, by type. */
const received = (h: Harness, type: string): Record<string, unknown>[] => {
  const connections = h.servers.at(-1)?.connections() ?? [];
  return (connections.at(-1)?.received ?? []).filter((e) => e.type === type);
};

const listening = (h: Harness): number => h.audio.openMicrophones.length;

afterEach(closeAllApps);

describe('app core', () => {
  it('without a key or the demo it stays idle and says how to start', async () => {
    const h = await start();
    expect(h.servers).toHaveLength(0);
    await expect(h.request('sendText', { text: 'hi' })).rejects.toThrow(/Add your API key/);
  });

  it('runs the offline demo on the server it was handed, and answers a typed turn', async () => {
    const h = await startDemo();
    expect(h.servers).toHaveLength(1);
    await h.request('sendText', { text: 'hello there' });
    await waitUntil(() => h.events.some((e) => e.name === 'turn' && (e.payload as { role: string; status: string }).role === 'assistant' && (e.payload as { status: string }).status === 'done'), 10_000, 'the reply');
    const reply = h.events.filter((e) => e.name === 'turn').map((e) => e.payload as { role: string; text: string }).filter((t) => t.role === 'assistant').at(-1);
    expect(reply?.text).toMatch(/hello there/);
  });

  it('updateSettings({mode: "vad"}) alone switches the session to server VAD and the assistant to hands-free', async () => {
    const h = await startDemo();
    expect(listening(h)).toBe(0);
    await h.request('updateSettings', { mode: 'vad' });
    await waitUntil(() => received(h, 'session.update').some((e) => (e.session as { turn_detection?: { type?: string } }).turn_detection?.type === 'server_vad'), 5000, 'session.update with server VAD');
    await waitUntil(() => listening(h) === 1, 5000, 'the microphone to open');
    expect((h.core.handlers.getStatus(undefined, h.client) as { mode: string }).mode).toBe('vad');
    // Hands-free streams what the microphone hears.
    h.audio.openMicrophones[0]!.feed(Buffer.alloc(960));
    await waitUntil(() => received(h, 'input_audio_buffer.append').length > 0, 5000, 'audio to be streamed');

    await h.request('updateSettings', { mode: 'ptt' });
    await waitUntil(() => listening(h) === 0, 5000, 'the microphone to close');
    await waitUntil(() => (received(h, 'session.update').at(-1)!.session as { turn_detection?: unknown }).turn_detection === null, 5000, 'session.update back to push-to-talk');
  });

  it('setMode is a settings update: the choice is saved and applied the same way', async () => {
    const h = await startDemo();
    await h.request('setMode', { mode: 'vad' });
    expect(h.settings.get().mode).toBe('vad');
    await waitUntil(() => listening(h) === 1, 5000, 'the microphone to open');
  });

  it('a live setting is a session.update on the same connection; a connection setting is a new session', async () => {
    const h = await startDemo();
    await h.request('updateSettings', { voice: 'sage' });
    await waitUntil(() => received(h, 'session.update').some((e) => (e.session as { voice?: string }).voice === 'sage'), 5000, 'the voice update');
    expect(h.servers[0]!.connections()).toHaveLength(1);
    await h.request('updateSettings', { outputVolume: 0.25 });
    expect(h.audio.volume).toBe(0.25);
    await h.request('updateSettings', { dialect: 'beta' });
    await waitUntil(() => h.servers.length === 2, 5000, 'a new session');
  });

  it('concurrent reconnects leave exactly one demo server listening', async () => {
    const h = await startDemo();
    await Promise.all(Array.from({ length: 30 }, () => h.request('reconnect')));
    await waitUntil(() => h.connection() === 'open', 10_000, 'the session to open');
    const listeningServers = await Promise.all(h.servers.map((s) => fetch(s.url.replace('ws:', 'http:')).then(() => true, () => false)));
    expect(listeningServers.filter(Boolean)).toHaveLength(1);
  });
});
