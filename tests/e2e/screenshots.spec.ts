/// <reference lib="dom" />
// Screenshots of the main screens, saved as artifacts for people to look at.
import { expect, test, type Page } from '@playwright/test';
import { startSimulator } from '../../src/sim/index';
import { removeDataDir, startWebMode, type RunningWebMode } from '../support/e2e/web-mode';

const DIR = 'artifacts/screenshots';
let web: RunningWebMode | null = null;

test.afterEach(async () => {
  if (web) {
    await web.stop();
    await removeDataDir(web.dataDir);
    web = null;
  }
});

async function converse(page: Page): Promise<void> {
  await expect(page.getByTestId('connection-state')).toHaveText('Connected');
  const replies = page.getByRole('log').locator('.turn.assistant');
  const messages = ['Hello! What can you do?', 'Can you keep answers short, please?'];
  for (const [i, message] of messages.entries()) {
    await page.getByLabel('Message').fill(message);
    await page.getByLabel('Message').press('Enter');
    await expect(replies).toHaveCount(i + 1);
    await expect(replies.nth(i)).toHaveAttribute('data-status', 'done');
  }
}

test('main window, light and dark', async ({ page }) => {
  web = await startWebMode({ args: ['--sim'] });
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto(web.url);
  await converse(page);
  await page.getByLabel('Message').fill('Type here; Enter sends, Shift+Enter adds a line');
  await page.screenshot({ animations: 'disabled', path: `${DIR}/main-light.png` });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ animations: 'disabled', path: `${DIR}/main-dark.png` });
});

test('settings, light and dark', async ({ page }) => {
  web = await startWebMode({ args: ['--sim'] });
  await page.goto(web.url);
  await expect(page.getByTestId('connection-state')).toHaveText('Connected');
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  await expect(page.getByRole('dialog', { name: 'Settings' })).toBeVisible();
  await page.emulateMedia({ colorScheme: 'light' });
  await page.screenshot({ animations: 'disabled', path: `${DIR}/settings-light.png` });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ animations: 'disabled', path: `${DIR}/settings-dark.png` });
  await page.getByRole('heading', { name: 'Audio' }).evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await page.screenshot({ animations: 'disabled', path: `${DIR}/settings-audio-dark.png` });
  await page.emulateMedia({ colorScheme: 'light' });
  await page.screenshot({ animations: 'disabled', path: `${DIR}/settings-audio-light.png` });
  await page.getByRole('heading', { name: 'Hands-free detection' }).scrollIntoViewIfNeeded();
  await page.screenshot({ animations: 'disabled', path: `${DIR}/settings-lower-light.png` });
});

test('onboarding, light and dark', async ({ page }) => {
  web = await startWebMode();
  await page.goto(web.url);
  await expect(page.getByRole('heading', { name: 'Welcome to Voice Assistant' })).toBeVisible();
  await page.emulateMedia({ colorScheme: 'light' });
  await page.screenshot({ animations: 'disabled', path: `${DIR}/onboarding-light.png` });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ animations: 'disabled', path: `${DIR}/onboarding-dark.png` });
});

test('a refused key, explained', async ({ page }) => {
  const sim = await startSimulator({ port: 0, requireKey: 'e2e-the-right-key-1' });
  try {
    web = await startWebMode({ args: ['--endpoint', sim.url], env: { REALTIME_API_KEY: 'e2e-a-wrong-key-22' } });
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto(web.url);
    await expect(page.getByRole('alert')).toContainText('The API key was refused');
    await page.screenshot({ animations: 'disabled', path: `${DIR}/error-light.png` });
  } finally {
    await sim.close();
  }
});
