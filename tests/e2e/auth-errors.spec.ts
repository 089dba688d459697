/// <reference lib="dom" />
import { expect, test } from '@playwright/test';
import { startSimulator } from '../../src/sim/index';
import type { RunningSimulator } from '../../src/sim/types';
import { watchPage } from '../support/e2e/secret-watch';
import { removeDataDir, startWebMode, type RunningWebMode } from '../support/e2e/web-mode';

const RIGHT_KEY = 'e2e-right-key-7f3a';
const WRONG_KEY = 'e2e-wrong-key-91c2';
let sim: RunningSimulator;
let web: RunningWebMode | null = null;

test.beforeEach(async () => {
  sim = await startSimulator({ port: 0, requireKey: RIGHT_KEY, pace: 0 });
});

test.afterEach(async () => {
  if (web) {
    await web.stop();
    await removeDataDir(web.dataDir);
    web = null;
  }
  await sim.close();
});

test('a wrong key shows a clear error with the next step, and never reaches the page', async ({ page }) => {
  web = await startWebMode({ args: ['--endpoint', sim.url], env: { REALTIME_API_KEY: WRONG_KEY } });
  const watch = watchPage(page);
  await page.goto(web.url);

  const alert = page.getByRole('alert');
  await expect(alert).toContainText('The API key was refused');
  await expect(alert).toContainText(/replace the API key/i);
  await expect(page.getByTestId('connection-state')).not.toHaveText('Connected');
  // The refusal was by the server, once: no retry storm against a wrong key.
  expect(sim.rejectedUpgrades()).toBeGreaterThanOrEqual(1);
  expect(sim.rejectedUpgrades()).toBeLessThanOrEqual(2);

  // The error's own button leads to the fix.
  await alert.getByRole('button', { name: 'Open Settings' }).click();
  const dialog = page.getByRole('dialog', { name: 'Settings' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId('key-mask')).toHaveText('•••••• stored');

  expect(await watch.findIn(page, WRONG_KEY)).toEqual([]);
});

test('replacing a wrong key in Settings connects, and the new key never comes back to the page', async ({ page }) => {
  web = await startWebMode({ args: ['--endpoint', sim.url], env: { REALTIME_API_KEY: WRONG_KEY } });
  const watch = watchPage(page);
  await page.goto(web.url);
  await expect(page.getByRole('alert')).toContainText('The API key was refused');

  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Settings' });
  await dialog.getByRole('button', { name: 'Replace' }).click();
  const keyField = dialog.getByLabel('API key');
  await expect(keyField).toBeFocused();
  await expect(keyField).toHaveValue('');
  await keyField.fill(RIGHT_KEY);
  await dialog.getByRole('button', { name: 'Save key' }).click();
  await expect(dialog.getByTestId('key-mask')).toHaveText('•••••• stored');
  await expect(page.getByTestId('connection-state')).toHaveText('Connected');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();

  // After a full conversation turn, the key is nowhere in what the page holds or received.
  await page.getByLabel('Message').fill('Hello');
  await page.getByLabel('Message').press('Enter');
  await expect(page.getByRole('log').locator('.turn.assistant')).toHaveAttribute('data-status', 'done');
  for (const key of [RIGHT_KEY, WRONG_KEY]) expect(await watch.findIn(page, key), key).toEqual([]);
  expect(watch.received.length).toBeGreaterThan(5);
});

test('a key typed during onboarding is write-only', async ({ page }) => {
  web = await startWebMode({ args: ['--endpoint', sim.url] });
  const watch = watchPage(page);
  await page.goto(web.url);
  await expect(page.getByRole('heading', { name: 'Welcome to Voice Assistant' })).toBeVisible();
  await page.getByLabel('API key').fill(RIGHT_KEY);
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByLabel('Message')).toBeVisible();
  await expect(page.getByTestId('connection-state')).toHaveText('Connected');
  await page.reload();
  // A reload drops the token by design; the key must not be anywhere either way.
  expect(await watch.findIn(page, RIGHT_KEY)).toEqual([]);
});

test('a new endpoint does not get the key until it is given again, and the page says so', async ({ page }) => {
  const other = await startSimulator({ port: 0, requireKey: RIGHT_KEY, pace: 0 });
  try {
    web = await startWebMode({ args: ['--endpoint', sim.url], env: { REALTIME_API_KEY: RIGHT_KEY } });
    const watch = watchPage(page);
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto(web.url);
    await expect(page.getByTestId('connection-state')).toHaveText('Connected');

    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Settings' });
    await dialog.getByLabel('Endpoint', { exact: true }).fill(other.url);
    await dialog.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(dialog).toBeHidden();

    const alert = page.getByRole('alert');
    await expect(alert).toContainText('Confirm the API key for this endpoint');
    await expect(alert).toContainText(/enter the key again/i);
    await page.screenshot({ animations: 'disabled', path: 'artifacts/screenshots/key-origin-light.png' });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ animations: 'disabled', path: 'artifacts/screenshots/key-origin-dark.png' });
    // Nothing went to the new endpoint: not even an attempt to connect with the key.
    expect(other.connections()).toEqual([]);
    expect(other.rejectedUpgrades()).toBe(0);

    // Giving the key again binds it to the new endpoint.
    await alert.getByRole('button', { name: 'Open Settings' }).click();
    await dialog.getByRole('button', { name: 'Replace' }).click();
    await dialog.getByLabel('API key').fill(RIGHT_KEY);
    await dialog.getByRole('button', { name: 'Save key' }).click();
    await expect(page.getByTestId('connection-state')).toHaveText('Connected');
    expect(other.connections().length).toBeGreaterThanOrEqual(1);
    expect(await watch.findIn(page, RIGHT_KEY)).toEqual([]);
  } finally {
    await other.close();
  }
});

test('a key given with a new endpoint in the form is bound to that endpoint, not the old one', async ({ page }) => {
  const other = await startSimulator({ port: 0, requireKey: RIGHT_KEY, pace: 0 });
  try {
    web = await startWebMode({ args: ['--endpoint', sim.url], env: { REALTIME_API_KEY: RIGHT_KEY } });
    const watch = watchPage(page);
    await page.goto(web.url);
    await expect(page.getByTestId('connection-state')).toHaveText('Connected');

    // Endpoint changed in the form, then the key replaced before the dialog is saved.
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Settings' });
    await dialog.getByLabel('Endpoint', { exact: true }).fill(other.url);
    await dialog.getByRole('button', { name: 'Replace' }).click();
    await dialog.getByLabel('API key').fill(RIGHT_KEY);
    await dialog.getByRole('button', { name: 'Save key' }).click();
    await expect(dialog.getByText('Key saved')).toBeVisible();

    // The new endpoint has the key at once: no "confirm the key" alert, and the session opens there.
    await expect(page.getByTestId('connection-state')).toHaveText('Connected');
    await expect.poll(() => other.connections().length).toBeGreaterThanOrEqual(1);
    await expect(page.getByRole('alert')).toHaveCount(0);
    expect(await watch.findIn(page, RIGHT_KEY)).toEqual([]);
  } finally {
    await other.close();
  }
});
