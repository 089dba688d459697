/// <reference lib="dom" />
import { expect, test } from '@playwright/test';
import { removeDataDir, startWebMode, type RunningWebMode } from '../support/e2e/web-mode';

let web: RunningWebMode;

test.beforeEach(async () => {
  web = await startWebMode();
});

test.afterEach(async () => {
  await web.stop();
  await removeDataDir(web.dataDir);
});

test('first run without a key offers a key or the offline demo, clearly labelled', async ({ page }) => {
  await page.goto(web.url);
  await expect(page.getByRole('heading', { name: 'Welcome to Voice Assistant' })).toBeVisible();
  await expect(page.getByText('not an AI')).toBeVisible();
  await expect(page.getByTestId('connection-state')).toHaveText('No API key');

  await page.getByRole('button', { name: 'Try the offline demo' }).click();
  await expect(page.getByText('Offline demo', { exact: true })).toBeVisible();
  await expect(page.getByTestId('connection-state')).toHaveText('Connected');
  await expect(page.getByText('a built-in simulator answers, not an AI')).toBeVisible();

  await page.getByLabel('Message').fill('Is this real?');
  await page.getByLabel('Message').press('Enter');
  await expect(page.getByRole('log').locator('.turn.assistant')).toContainText('You said: Is this real?');
});

test('a too-short key is refused in place', async ({ page }) => {
  await page.goto(web.url);
  await page.getByLabel('API key').fill('short');
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('alert')).toContainText('longer');
  await expect(page.getByRole('heading', { name: 'Welcome to Voice Assistant' })).toBeVisible();
});
