// The fault suite at the level of the app core: the real core against the simulator over loopback (a fake
// audio engine), one injected fault per case. Each case checks what a page would see: the app keeps working
// (a new typed turn completes, after a Reconnect where the fault ended the session), it says so in plain
// words (an error with a next step, or a notice), and the turns completed before the fault are still there.
// The device and key-hook cases need real audio or a display: tests/main/audio, tests/main/hotkey, e2e.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_FRAME_BYTES } from '../../../src/main/realtime/session-socket';
import { openConfBacking } from '../../../src/main/settings/conf-backing';
import { SettingsService } from '../../../src/main/settings/settings-service';
import type { Turn, UserFacingError } from '../../../src/shared/domain';
import { startSimulator, type RunningSimulator, type SimulatorFault } from '../../../src/sim/index';
import { closeAllApps, startApp, startAppOn, type AppHarness } from '../../support/app-harness';
import { waitUntil } from '../../support/wait';

const KEY = 'sk-sim-Fault_0123456789abcdefXYZ';
const WAIT_MS = 20_000;
const sims: RunningSimulator[] = [];
const dirs: string[] = [];

afterEach(async () => {
  await closeAllApps();
  for (const sim of sims.splice(0)) await sim.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function keyedApp(): Promise<{ h: AppHarness; sim: RunningSimulator }> {
  const sim = await startSimulator({ pace: 0, requireKey: KEY });
  sims.push(sim);
  return { h: await startAppOn(sim, KEY), sim };
}

const conversation = async (h: AppHarness): Promise<Turn[]> => ((await h.request('getConversation')) as { turns: Turn[] }).turns;

/** Types `text` and waits for its reply (the simulator answers "You said: …"); returns the reply. */
async function typedTurn(h: AppHarness, text: string): Promise<Turn> {
  const reply = (): Turn | undefined =>
    h.events
      .filter((e) => e.name === 'turn')
      .map((e) => e.payload as Turn)
      .find((t) => t.role === 'assistant' && t.status === 'done' && t.text.includes(text));
  await h.request('sendText', { text });
  await waitUntil(() => reply() !== undefined, WAIT_MS, `the reply to "${text}"`);
  return reply()!;
}

/** What the app said (errors and notices) from event index `from` on. */
const said = (h: AppHarness, from: number): { name: string; payload: UserFacingError }[] =>
  h.events.slice(from).filter((e) => e.name === 'error' || e.name === 'notice') as { name: string; payload: UserFacingError }[];

async function reconnect(h: AppHarness): Promise<void> {
  await h.request('reconnect');
  await waitUntil(() => h.connection() === 'open', WAIT_MS, 'the session to open again');
}

function expectPlain(words: string): void {
  expect(words.trim()).not.toBe('');
  expect(words).not.toContain(KEY);
  expect(words).not.toMatch(/\n\s*at |[{}]|"\w+"\s*:/);
}

/** Completes a turn, runs `fault`, then checks the app said so, still answers, and kept the earlier turn. */
async function survives(h: AppHarness, fault: () => Promise<void>): Promise<{ name: string; payload: UserFacingError }[]> {
  const before = await typedTurn(h, 'before the fault');
  const mark = h.events.length;
  await fault();
  await typedTurn(h, 'after the fault');
  const turns = await conversation(h);
  expect(turns.find((t) => t.id === before.id)).toMatchObject({ status: 'done', text: before.text });
  expect(turns.find((t) => t.role === 'user' && t.text === 'before the fault')?.status).toBe('done');
  expect(JSON.stringify(h.events)).not.toContain(KEY);
  expect(JSON.stringify(turns)).not.toContain(KEY);
  const words = said(h, mark);
  for (const { name, payload } of words) {
    expectPlain(payload.message);
    if (name === 'error') expectPlain(payload.action ?? '');
  }
  return words;
}

const waitFor = (h: AppHarness, what: string, test: (e: { name: string; payload: UserFacingError }) => boolean, from = 0) =>
  waitUntil(() => said(h, from).some(test), WAIT_MS, what);

/** What was said, as `event:kind` (a notice has no kind). */
const kinds = (words: { name: string; payload: UserFacingError }[]): string[] => words.map((w) => (w.name === 'notice' ? 'notice' : `error:${w.payload.kind}`));
const RECONNECTED = /connection to the server dropped and a new session was opened/;

describe('fault suite (app core, simulator over loopback)', () => {
  it('server drop mid-response: reconnects by itself and says so', async () => {
    const { h, sim } = await keyedApp();
    const words = await survives(h, async () => {
      const mark = h.events.length;
      sim.inject({ kind: 'drop-mid-response' });
      await h.request('sendText', { text: 'dropped' });
      await waitFor(h, 'the reconnect notice', (e) => e.name === 'notice', mark);
      await waitUntil(() => h.connection() === 'open', WAIT_MS, 'the new session');
    });
    expect(kinds(words)).toEqual(['notice']);
    expect(words[0]?.payload.message).toMatch(RECONNECTED);
    // The reply the drop cut off ends as cancelled; nothing is left spinning.
    const { turns } = (await h.request('getConversation')) as { turns: { status: string }[] };
    expect(turns.filter((t) => t.status === 'in_progress')).toEqual([]);
  });

  it.each([
    [401, 'auth'],
    [403, 'auth'],
    [429, 'connect'],
    [503, 'connect'],
  ])('HTTP %i on upgrade: says why (%s), and Reconnect works once the server accepts', async (status, kind) => {
    const { h, sim } = await keyedApp();
    const words = await survives(h, async () => {
      sim.inject({ kind: 'refuse-upgrade', status });
      const mark = h.events.length;
      await h.request('reconnect');
      await waitFor(h, 'the error', (e) => e.name === 'error', mark);
      expect(h.connection()).toBe('closed');
      await reconnect(h);
    });
    expect(kinds(words)).toEqual([`error:${kind}`]);
    expect(words[0]?.payload.message).toContain(`HTTP ${status}`);
  });

  it('HTTP 503 while reconnecting after a server restart: retried, and says so once back', async () => {
    const { h, sim } = await keyedApp();
    const words = await survives(h, async () => {
      sim.inject({ kind: 'refuse-upgrade', status: 503 });
      sim.inject({ kind: 'close', code: 1012, reason: 'service restart' });
      await waitUntil(() => sim.rejectedUpgrades() === 1 && sim.connections().length === 2 && h.connection() === 'open', WAIT_MS, 'the retried session');
    });
    expect(kinds(words)).toEqual(['notice']);
  });

  it.each<[string, SimulatorFault, string]>([
    ['malformed JSON', { kind: 'malformed-frame' }, 'invalid_json'],
    ['an unknown event', { kind: 'unknown-event' }, 'unknown_event'],
    ['invalid base64 audio', { kind: 'invalid-audio' }, 'invalid_base64'],
  ])('%s: says so, and the session goes on', async (_, fault, code) => {
    const { h, sim } = await keyedApp();
    const words = await survives(h, async () => {
      const mark = h.events.length;
      sim.inject(fault);
      await waitFor(h, 'the error', () => true, mark);
    });
    expect(kinds(words)).toEqual(['error:protocol']);
    expect(words[0]?.payload.message).toContain(code);
    expect(sim.connections()).toHaveLength(1);
  });

  it('a 16 MiB frame is taken: nothing to say, same session', async () => {
    const { h, sim } = await keyedApp();
    const words = await survives(h, async () => sim.inject({ kind: 'frame-of-size', bytes: MAX_FRAME_BYTES }));
    expect(words).toEqual([]);
    expect(sim.connections()).toHaveLength(1);
  });

  it('a frame over the limit ends the session in plain words; Reconnect works', async () => {
    const { h, sim } = await keyedApp();
    const words = await survives(h, async () => {
      const mark = h.events.length;
      sim.inject({ kind: 'frame-of-size', bytes: MAX_FRAME_BYTES + 1 });
      await waitFor(h, 'the error', (e) => e.name === 'error', mark);
      await waitUntil(() => h.connection() === 'closed', WAIT_MS, 'the session to end');
      await reconnect(h);
    });
    expect(kinds(words)).toEqual(['error:server']);
    expect(words[0]?.payload.message).toMatch(/larger than the 16 MiB limit/);
  });

  it('a key echoed back (raw, escaped, split) never reaches a page', async () => {
    const { h, sim } = await keyedApp();
    const words = await survives(h, async () => {
      sim.inject({ kind: 'echo-key' });
      const mark = h.events.length;
      await reconnect(h);
      await waitFor(h, 'the echoed error', (e) => e.name === 'error', mark);
    });
    expect(kinds(words)).toEqual(['error:server']);
    // Split across two deltas: neither half may show either.
    const seen = JSON.stringify([h.events, await conversation(h)]);
    for (const half of [KEY.slice(0, KEY.length / 2), KEY.slice(KEY.length / 2)]) expect(seen).not.toContain(half);
  });

  it('session cap reached mid-turn: says so, a new session, and the conversation goes on', async () => {
    const { h, sim } = await keyedApp();
    const words = await survives(h, async () => {
      // Slowed so that the cap falls inside the reply.
      sim.inject({ kind: 'pace', factor: 0.001 });
      await h.request('sendText', { text: 'capped' });
      const started = (e: { name: string; payload: unknown }): boolean => e.name === 'turn' && (e.payload as Turn).role === 'assistant' && (e.payload as Turn).status === 'in_progress';
      await waitUntil(() => h.events.some(started), WAIT_MS, 'the reply to start');
      const mark = h.events.length;
      sim.inject({ kind: 'session-cap', seconds: 0 });
      await waitFor(h, 'the session_expired error', () => true, mark);
      // Later sessions get a cap they never reach.
      sim.inject({ kind: 'session-cap', seconds: 3600 });
      sim.inject({ kind: 'pace', factor: 0 });
      await waitUntil(() => h.connection() === 'open' && sim.connections().length > 1, WAIT_MS, 'the new session');
    });
    expect(kinds(words)).toContain('error:server');
    expect(kinds(words)).toContain('notice');
  });

  it('settings file corrupt: set aside with a notice, defaults used, and a turn works', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'va-faults-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'settings.json'), '{"voice": "sage", "model": "half-writ');
    const notices: string[] = [];
    const settings = new SettingsService(openConfBacking(dir, notices));
    const h = await startApp({ settings, startupNotices: notices });
    expect(kinds(said(h, 0))).toEqual(['notice']);
    expectPlain(said(h, 0)[0]!.payload.message);
    expect(said(h, 0)[0]!.payload.message).not.toContain('half-writ');
    await h.request('startOfflineDemo');
    await waitUntil(() => h.connection() === 'open', WAIT_MS, 'the demo session to open');
    await typedTurn(h, 'after the damaged file');
  });
});
