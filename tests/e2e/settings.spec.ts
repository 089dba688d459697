/// <reference lib="dom" />
import { expect, test, type Page } from '@playwright/test';
import { makeDataDir, removeDataDir, startWebMode, type RunningWebMode } from '../support/e2e/web-mode';

let dataDir: string;
let web: RunningWebMode | null = null;

test.beforeEach(async () => {
  dataDir = await makeDataDir();
});

test.afterEach(async () => {
  await web?.stop();
  web = null;
  await removeDataDir(dataDir);
});

async function openSettings(page: Page) {
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Settings' });
  await expect(dialog).toBeVisible();
  return dialog;
}

test('settings persist across a restart of web mode', async ({ page }) => {
  web = await startWebMode({ args: ['--sim'], dataDir });
  await page.goto(web.url);
  await expect(page.getByTestId('connection-state')).toHaveText('Connected');

  let dialog = await openSettings(page);
  await dialog.getByLabel('Voice', { exact: true }).selectOption('sage');
  await dialog.getByLabel('Theme', { exact: true }).selectOption('dark');
  await dialog.getByLabel('Instructions').fill('Answer briefly.');
  await dialog.getByLabel('Silence duration (ms)').fill('800');
  await dialog.getByLabel('Show a transcript of what I say').uncheck();
  await dialog.getByLabel('Model', { exact: true }).fill('provider/realtime-model');
  await dialog.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');

  // A later, separate change must not undo the earlier ones.
  await page.getByRole('radio', { name: 'Hands-free' }).check();
  await expect(page.getByText('Listening hands-free')).toBeVisible();

  await web.stop();
  web = await startWebMode({ args: ['--sim'], dataDir });
  await page.goto(web.url);
  await expect(page.getByTestId('connection-state')).toHaveText('Connected');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect(page.getByRole('radio', { name: 'Hands-free' })).toBeChecked();

  dialog = await openSettings(page);
  await expect(dialog.getByLabel('Voice', { exact: true })).toHaveValue('sage');
  await expect(dialog.getByLabel('Theme', { exact: true })).toHaveValue('dark');
  await expect(dialog.getByLabel('Instructions')).toHaveValue('Answer briefly.');
  await expect(dialog.getByLabel('Silence duration (ms)')).toHaveValue('800');
  await expect(dialog.getByLabel('Show a transcript of what I say')).not.toBeChecked();
  await expect(dialog.getByLabel('Model', { exact: true })).toHaveValue('provider/realtime-model');
});

test('invalid values are shown next to their field and nothing is saved', async ({ page }) => {
  web = await startWebMode({ args: ['--sim'], dataDir });
  await page.goto(web.url);
  const dialog = await openSettings(page);
  await dialog.getByLabel('Threshold (0–1)').fill('1.5');
  await dialog.getByLabel('Endpoint', { exact: true }).fill('http://not-a-websocket.example');
  await dialog.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(dialog).toBeVisible();
  await expect(dialog.getByText('Enter a number from 0 to 1.')).toBeVisible();
  await expect(dialog.getByText(/must be a wss:\/\/ address/)).toBeVisible();
  await expect(dialog.getByLabel('Endpoint', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  // The first invalid field gets focus, so a keyboard user lands on the problem.
  await expect(dialog.getByLabel('Endpoint', { exact: true })).toBeFocused();

  await dialog.getByRole('button', { name: 'Cancel' }).click();
  const again = await openSettings(page);
  await expect(again.getByLabel('Threshold (0–1)')).toHaveValue('0.5');
  await expect(again.getByLabel('Endpoint', { exact: true })).not.toHaveValue('http://not-a-websocket.example');
});

test('the dialog is keyboard friendly: focus stays inside, Escape closes, focus returns', async ({ page }) => {
  web = await startWebMode({ args: ['--sim'], dataDir });
  await page.goto(web.url);
  await expect(page.getByTestId('connection-state')).toHaveText('Connected');
  const settingsButton = page.getByRole('button', { name: 'Settings', exact: true });
  await settingsButton.focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Settings' });
  await expect(dialog).toBeVisible();

  // Tab through more controls than the dialog has: focus never leaves it.
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('Tab');
    expect(await dialog.evaluate((el) => el.contains(document.activeElement))).toBe(true);
  }
  for (let i = 0; i < 5; i++) {
    await page.keyboard.press('Shift+Tab');
    expect(await dialog.evaluate((el) => el.contains(document.activeElement))).toBe(true);
  }
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(settingsButton).toBeFocused();
});

test('every control in the window and in Settings has a name', async ({ page }) => {
  web = await startWebMode({ args: ['--sim'], dataDir });
  await page.goto(web.url);
  await expect(page.getByTestId('connection-state')).toHaveText('Connected');
  const unnamed = async (): Promise<string[]> =>
    page.evaluate(() => {
      const controls = [...document.querySelectorAll('button, input, select, textarea, [role="meter"], [role="log"]')];
      return controls
        .filter((el) => (el as HTMLElement).offsetParent !== null || el.closest('dialog[open]'))
        .filter((el) => {
          const labelled = el.getAttribute('aria-label') || el.getAttribute('aria-labelledby') || (el as HTMLInputElement).labels?.length;
          const text = el.tagName === 'BUTTON' && el.textContent?.trim();
          return !(labelled || text);
        })
        .map((el) => el.outerHTML.slice(0, 120));
    });
  expect(await unnamed()).toEqual([]);
  await openSettings(page);
  expect(await unnamed()).toEqual([]);
});
