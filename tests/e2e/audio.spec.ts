/// <reference lib="dom" />
// The window with real audio: web mode's core runs PortAudio against a private PulseAudio with a virtual
// microphone (fed with synthesised speech) and virtual speakers (recorded).
import { expect, test, type Page } from '@playwright/test';
import { startSimulator } from '../../src/sim/index';
import type { RunningSimulator } from '../../src/sim/types';
import { rms, toFloat } from '../support/correlation';
import { startPulse, type PulseServer } from '../support/pulse';
import { speechPcm, type SpeechClip } from '../support/speech';
import { makeDataDir, removeDataDir, startWebMode, type RunningWebMode } from '../support/e2e/web-mode';

const KEY = 'e2e-audio-key-5d1e';
// Named ALSA PCMs become PortAudio devices: two speakers on two sinks, and the virtual microphone.
const PCMS = { va_speaker_a: 'spk', va_speaker_b: 'spk2', va_mic: 'mic' };

let pulse: PulseServer;
let sim: RunningSimulator;
let speech: SpeechClip;
let dataDir: string;
let web: RunningWebMode | null = null;

test.describe.configure({ timeout: 180_000 });

test.beforeAll(async () => {
  pulse = await startPulse({ extraSinks: ['spk2'], alsaPcms: PCMS });
  speech = await speechPcm('What time is it in Tokyo right now?', { padMs: 300 });
});

test.afterAll(async () => {
  await speech?.cleanup();
  await pulse?.stop();
});

test.beforeEach(async () => {
  sim = await startSimulator({ port: 0, requireKey: KEY });
  dataDir = await makeDataDir();
});

test.afterEach(async () => {
  await web?.stop();
  web = null;
  await sim.close();
  await removeDataDir(dataDir);
});

const start = (): Promise<RunningWebMode> =>
  startWebMode({ args: ['--endpoint', sim.url], env: { ...pulse.env, REALTIME_API_KEY: KEY }, dataDir });

async function openSettings(page: Page) {
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Settings' });
  await expect(dialog).toBeVisible();
  return dialog;
}

test('hold to talk: speech in the virtual mic gives an assistant turn and audio at the virtual speaker', async ({ page }) => {
  web = await start();
  await page.goto(web.url);
  await expect(page.getByTestId('connection-state')).toHaveText('Connected');
  const speaker = pulse.record('spk.monitor');
  await speaker.ready;

  const talk = page.getByRole('button', { name: 'Hold to talk' });
  await talk.hover();
  await page.mouse.down();
  await expect(page.getByTestId('activity')).toHaveText('Listening');
  const speaking = pulse.playIntoMic(speech.wav);
  // The meter follows the speech while the button is held.
  const meter = page.getByRole('meter', { name: 'Microphone level' });
  await expect.poll(async () => Number(await meter.getAttribute('aria-valuenow')), { intervals: [50] }).toBeGreaterThan(-50);
  await speaking;
  await page.mouse.up();

  const log = page.getByRole('log');
  const spoken = log.locator('.turn.user');
  await expect(spoken).toHaveCount(1);
  await expect(spoken).toContainText('Spoken');
  const reply = log.locator('.turn.assistant');
  await expect(reply).toContainText(/I heard [\d.]+ seconds of audio/);
  await expect(reply).toHaveAttribute('data-status', 'done', { timeout: 60_000 });

  // The reply's audio came out of the default (virtual) speaker: more sound than the two ≈ 105 ms earcons.
  await speaker.waitForSound(1000, 30_000);
  const heard = toFloat(await speaker.stop());
  let loudMs = 0;
  for (let i = 0; i + 240 <= heard.length; i += 240) if (rms(heard.subarray(i, i + 240)) > 0.02) loudMs += 10;
  expect(loudMs).toBeGreaterThan(500);
  const appended = sim.connections().flatMap((c) => c.received).filter((e) => e.type === 'input_audio_buffer.append');
  expect(appended.length).toBeGreaterThan(10);
});

test('Space held on Hold to talk talks; key repeat does not restart it', async ({ page }) => {
  web = await start();
  await page.goto(web.url);
  await expect(page.getByTestId('connection-state')).toHaveText('Connected');
  await page.getByRole('button', { name: 'Hold to talk' }).focus();
  await page.keyboard.down('Space');
  await expect(page.getByTestId('activity')).toHaveText('Listening');
  await page.keyboard.down('Space'); // a repeat while held
  await pulse.playIntoMic(speech.wav);
  await page.keyboard.up('Space');
  await expect(page.getByRole('log').locator('.turn.assistant')).toContainText(/I heard/);
  const commits = sim.connections().flatMap((c) => c.received).filter((e) => e.type === 'input_audio_buffer.commit');
  expect(commits).toHaveLength(1);
});

test('the Microphone and Speaker pickers list the virtual devices; the choice takes effect and survives a restart', async ({ page }) => {
  web = await start();
  await page.goto(web.url);
  await expect(page.getByTestId('connection-state')).toHaveText('Connected');
  let dialog = await openSettings(page);

  const speakerPicker = dialog.getByLabel('Speaker', { exact: true });
  const micPicker = dialog.getByLabel('Microphone', { exact: true });
  await expect(speakerPicker.locator('option', { hasText: 'va_speaker_b' })).toHaveCount(1);
  await expect(speakerPicker.locator('option', { hasText: 'va_speaker_a' })).toHaveCount(1);
  await expect(micPicker.locator('option', { hasText: 'va_mic' })).toHaveCount(1);

  // The live meter follows the chosen microphone while Settings is open.
  await micPicker.selectOption({ label: 'va_mic' });
  const meter = dialog.getByRole('meter', { name: 'Microphone test level' });
  const speaking = pulse.playIntoMic(speech.wav);
  await expect.poll(async () => Number(await meter.getAttribute('aria-valuenow')), { intervals: [50] }).toBeGreaterThan(-50);
  await speaking;

  await speakerPicker.selectOption({ label: 'va_speaker_b' });
  const chosen = await speakerPicker.inputValue();
  const onB = pulse.record('spk2.monitor');
  const onA = pulse.record('spk.monitor');
  await Promise.all([onB.ready, onA.ready]);
  await dialog.getByRole('button', { name: 'Test speaker' }).click();
  await onB.waitForSound(1000, 30_000);
  await dialog.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(dialog).toBeHidden();
  const silentA = await onA.stop();
  await onB.stop();
  const peakA = Math.max(0, ...Array.from({ length: silentA.length >> 1 }, (_, i) => Math.abs(silentA.readInt16LE(i * 2))));
  expect(peakA).toBeLessThan(1000);

  await web.stop();
  web = await start();
  await page.goto(web.url);
  await expect(page.getByTestId('connection-state')).toHaveText('Connected');
  dialog = await openSettings(page);
  await expect(dialog.getByLabel('Speaker', { exact: true })).toHaveValue(chosen);
  await expect(dialog.getByLabel('Microphone', { exact: true })).not.toHaveValue('');

  // A reply now plays on the chosen speaker.
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  const replyOnB = pulse.record('spk2.monitor');
  await replyOnB.ready;
  await page.getByLabel('Message').fill('Say something out loud.');
  await page.getByLabel('Message').press('Enter');
  await replyOnB.waitForSound(1000, 30_000);
  await replyOnB.stop();
});
