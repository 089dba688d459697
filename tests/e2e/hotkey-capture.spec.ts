/// <reference lib="dom" />
// The push-to-talk key is chosen by pressing it in Settings; refusals are explained, Escape changes nothing,
// and the key and its mode are saved like any other setting; the quick-ask key goes through the same control.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { makeDataDir, removeDataDir, startWebMode, type RunningWebMode } from '../support/e2e/web-mode';

const DIR = 'artifacts/screenshots';
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

async function openSettings(page: Page): Promise<Locator> {
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Settings' });
  await expect(dialog).toBeVisible();
  return dialog;
}

test('the push-to-talk key is captured, refused with a reason, cancelled with Escape, and saved with its mode', async ({ page }) => {
  web = await startWebMode({ args: ['--sim'], dataDir });
  await page.goto(web.url);
  await expect(page.getByTestId('connection-state')).toHaveText('Connected');

  let dialog = await openSettings(page);
  const field = dialog.getByLabel('Push-to-talk key', { exact: true });
  const change = dialog.getByRole('button', { name: 'Change the push-to-talk key' });
  await expect(field).toHaveValue('F9');

  // Keyboard only: focus the button and press Enter to start listening.
  await change.focus();
  await page.keyboard.press('Enter');
  await expect(field).toHaveValue('Press the key you want…');
  await expect(dialog.getByRole('status').filter({ hasText: 'Escape cancels' })).toBeVisible();
  await page.keyboard.press('Control+Shift+K');
  await expect(field).toHaveValue('Ctrl+Shift+K');
  await expect(field).not.toHaveAttribute('aria-invalid', 'true');
  await expect(change).toBeFocused();

  // Escape while listening cancels: the key stays, and the dialog stays open.
  await page.keyboard.press('Enter');
  await expect(field).toHaveValue('Press the key you want…');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeVisible();
  await expect(field).toHaveValue('Ctrl+Shift+K');
  await expect(dialog.getByText('Cancelled. The key is still Ctrl+Shift+K.')).toBeVisible();

  // A plain letter is refused, with the reason on the field; the key stays.
  await change.click();
  await page.keyboard.press('a');
  await expect(field).toHaveValue('Ctrl+Shift+K');
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await expect(dialog.getByRole('alert')).toContainText('whenever you type');
  // The refusal ended the capture: Tab moves on again instead of being captured.
  await page.keyboard.press('Tab');
  await expect(change).not.toBeFocused();

  // A right-hand modifier pressed and released alone is a key of its own.
  await change.click();
  await expect(dialog.getByRole('alert')).toHaveCount(0);
  await page.keyboard.press('ControlRight');
  await expect(field).toHaveValue('RightCtrl');
  await change.click();
  await page.keyboard.press('Control+Shift+K');
  await expect(field).toHaveValue('Ctrl+Shift+K');

  await dialog.getByLabel('How the key works', { exact: true }).selectOption('toggle');
  await dialog.getByRole('heading', { name: 'Push to talk' }).scrollIntoViewIfNeeded();
  await page.emulateMedia({ colorScheme: 'light' });
  await page.screenshot({ animations: 'disabled', path: `${DIR}/settings-hotkey-light.png` });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ animations: 'disabled', path: `${DIR}/settings-hotkey-dark.png` });

  await dialog.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(dialog).toBeHidden();

  dialog = await openSettings(page);
  await expect(dialog.getByLabel('Push-to-talk key', { exact: true })).toHaveValue('Ctrl+Shift+K');
  await expect(dialog.getByLabel('How the key works', { exact: true })).toHaveValue('toggle');
  await dialog.getByRole('button', { name: 'Cancel' }).click();

  // Saved for real: a new web mode on the same data folder reads them back.
  await web.stop();
  web = await startWebMode({ args: ['--sim'], dataDir });
  await page.goto(web.url);
  await expect(page.getByTestId('connection-state')).toHaveText('Connected');
  dialog = await openSettings(page);
  await expect(dialog.getByLabel('Push-to-talk key', { exact: true })).toHaveValue('Ctrl+Shift+K');
  await expect(dialog.getByLabel('How the key works', { exact: true })).toHaveValue('toggle');
});

test('Cancel forgets a captured key', async ({ page }) => {
  web = await startWebMode({ args: ['--sim'], dataDir });
  await page.goto(web.url);
  await expect(page.getByTestId('connection-state')).toHaveText('Connected');
  let dialog = await openSettings(page);
  await dialog.getByRole('button', { name: 'Change the push-to-talk key' }).click();
  await page.keyboard.press('F8');
  await expect(dialog.getByLabel('Push-to-talk key', { exact: true })).toHaveValue('F8');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  dialog = await openSettings(page);
  await expect(dialog.getByLabel('Push-to-talk key', { exact: true })).toHaveValue('F9');
});

test('the quick-ask key is captured and saved, refuses the push-to-talk key with the reason, and can be removed', async ({ page }) => {
  web = await startWebMode({ args: ['--sim'], dataDir });
  await page.goto(web.url);
  await expect(page.getByTestId('connection-state')).toHaveText('Connected');

  let dialog = await openSettings(page);
  const field = dialog.getByLabel('Quick ask key', { exact: true });
  const change = dialog.getByRole('button', { name: 'Change the quick-ask key' });
  await expect(dialog.getByRole('heading', { name: 'Quick ask' })).toBeVisible();
  await expect(field).toHaveValue('Ctrl+Alt+Space');
  // A press, not a hold: only the push-to-talk key has a mode.
  await expect(dialog.getByLabel('How the key works', { exact: true })).toHaveCount(1);

  // The push-to-talk key is refused, with the reason on the field; the key stays.
  await change.focus();
  await page.keyboard.press('Enter');
  await expect(field).toHaveValue('Press the key you want…');
  await page.keyboard.press('F9');
  await expect(field).toHaveValue('Ctrl+Alt+Space');
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await expect(dialog.getByRole('alert')).toHaveText('F9 is already the push-to-talk key. Pick a different key.');

  // A modifier alone cannot be a system shortcut.
  await change.click();
  await expect(dialog.getByRole('alert')).toHaveCount(0);
  await page.keyboard.press('ControlRight');
  await expect(field).toHaveValue('Ctrl+Alt+Space');
  await expect(dialog.getByRole('alert')).toContainText('Right Ctrl alone cannot be the quick-ask key');

  // Keyboard only: a combination is taken, and focus stays on the button.
  await change.focus();
  await page.keyboard.press('Enter');
  await page.keyboard.press('Control+Alt+K');
  await expect(field).toHaveValue('Ctrl+Alt+K');
  await expect(field).not.toHaveAttribute('aria-invalid', 'true');
  await expect(dialog.getByText('The quick-ask key is now Ctrl+Alt+K. Save to keep it.')).toBeVisible();
  await expect(change).toBeFocused();

  // The push-to-talk control refuses it in turn.
  const pushToTalk = dialog.getByLabel('Push-to-talk key', { exact: true });
  await dialog.getByRole('button', { name: 'Change the push-to-talk key' }).click();
  await page.keyboard.press('Control+Alt+K');
  await expect(pushToTalk).toHaveValue('F9');
  await expect(pushToTalk).toHaveAttribute('aria-invalid', 'true');
  await expect(dialog.getByRole('alert')).toHaveText('Ctrl+Alt+K is already the quick-ask key. Pick a different key.');

  await dialog.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(dialog).toBeHidden();

  // Saved for real: a new web mode on the same data folder reads it back.
  await web.stop();
  web = await startWebMode({ args: ['--sim'], dataDir });
  await page.goto(web.url);
  await expect(page.getByTestId('connection-state')).toHaveText('Connected');
  dialog = await openSettings(page);
  await expect(dialog.getByLabel('Quick ask key', { exact: true })).toHaveValue('Ctrl+Alt+K');
  await expect(dialog.getByLabel('Push-to-talk key', { exact: true })).toHaveValue('F9');

  // Removed: no key at all, and focus moves to Change rather than off the dialog.
  await dialog.getByRole('button', { name: 'Remove the quick-ask key' }).click();
  await expect(dialog.getByLabel('Quick ask key', { exact: true })).toHaveValue('');
  await expect(dialog.getByRole('button', { name: 'Change the quick-ask key' })).toBeFocused();
  await expect(dialog.getByRole('button', { name: 'Remove the quick-ask key' })).toHaveCount(0);
  await dialog.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(dialog).toBeHidden();
  dialog = await openSettings(page);
  await expect(dialog.getByLabel('Quick ask key', { exact: true })).toHaveValue('');
});
