/// <reference lib="dom" />
// A past conversation continued from the History dialog, in web mode against the offline demo (the simulator
// answers "You said: …"): after a restart its turns come back to the window under a line that says so, and
// what is said next joins the same stored conversation. The usage by day and the cost in the status bar, with
// a price given for the simulator's model; the session length field in Settings. Screenshots for people.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { ask, conversations, openDemoPage, openHistory } from '../support/e2e/history-page';
import { makeDataDir, removeDataDir, type RunningWebMode } from '../support/e2e/web-mode';

const DIR = 'artifacts/screenshots';
const FIRST = 'Which lighthouse is the tallest?';
const SECOND = 'How far does its beam reach at night?';
const THIRD = 'And who keeps it running?';
/** The simulator reports its model as this; the demo has no list price, so the test gives one. */
const SIM_MODEL = 'sim-realtime';
let dataDir: string;
let web: RunningWebMode | null = null;

test.beforeEach(async () => {
  dataDir = await makeDataDir();
  const price = { validFrom: '2026-11-01', textInput: 4, cachedTextInput: 0.4, textOutput: 16, audioInput: 32, cachedAudioInput: 0.4, audioOutput: 64 };
  await writeFile(join(dataDir, 'settings.json'), JSON.stringify({ prices: { [SIM_MODEL]: price } }));
});

test.afterEach(async () => {
  await web?.stop();
  web = null;
  await removeDataDir(dataDir);
});

async function openPage(page: Page): Promise<void> {
  web = await openDemoPage(page, dataDir);
}

test('a past conversation continues after a restart: its turns come back and the next ones join it', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await openPage(page);
  await ask(page, [FIRST, SECOND]);
  // The cost of the conversation so far, priced with the given table, and the median latency.
  await expect(page.getByTestId('conversation-figures')).toContainText('$');
  const cost = /\$[\d.]+/.exec((await page.getByTestId('conversation-figures').textContent()) ?? '')![0];
  await page.locator('.topbar').screenshot({ animations: 'disabled', path: `${DIR}/status-bar-cost-light.png` });

  // A new run of the app: the window starts empty.
  await web!.stop();
  await openPage(page);
  await expect(page.getByRole('log').locator('.turn')).toHaveCount(0);

  let dialog = await openHistory(page);
  await conversations(dialog).first().getByRole('button').click();
  await dialog.getByRole('button', { name: 'Continue this conversation' }).click();
  await expect(dialog).toBeHidden();
  const log = page.getByRole('log');
  await expect(log.locator('.turn')).toHaveCount(4);
  await expect(log.locator('.turn.user').first()).toContainText(FIRST);
  await expect(page.getByTestId('resumed')).toBeVisible();
  await expect(page.getByLabel('Message')).toBeFocused();
  // The conversation's cost goes on from what it had cost.
  await expect(page.getByTestId('conversation-figures')).toContainText(cost);

  await ask(page, [THIRD]);
  await expect(log.locator('.turn.assistant').last()).toContainText(`You said: ${THIRD}`);
  await page.screenshot({ animations: 'disabled', path: `${DIR}/history-continued-light.png` });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ animations: 'disabled', path: `${DIR}/history-continued-dark.png` });

  dialog = await openHistory(page);
  await expect(conversations(dialog)).toHaveCount(1);
  await expect(conversations(dialog).first()).toContainText('6 turns');
  await conversations(dialog).first().getByRole('button').click();
  await expect(dialog.getByRole('list', { name: 'Turns' }).getByRole('listitem')).toHaveCount(6);
});

test('usage by day: today with its tokens and cost, a totals row, and back', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await openPage(page);
  await ask(page, [FIRST, SECOND]);
  const dialog = await openHistory(page);
  const toggle = dialog.getByRole('button', { name: 'Usage by day' });
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  const table = dialog.getByRole('table', { name: 'Usage in the last 30 days' });
  await expect(table).toBeVisible();
  const today = new Date();
  const day = `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, '0')}-${String(today.getDate()).padStart(2, '0')}`;
  const row = table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: day }) });
  await expect(row.getByRole('cell').first()).toHaveText('2'); // two responses
  await expect(row).toContainText(/\$0\.\d{4}/);
  await expect(table.getByRole('rowheader', { name: 'Total' })).toBeVisible();
  await page.screenshot({ animations: 'disabled', path: `${DIR}/history-usage-dark.png` });
  await page.emulateMedia({ colorScheme: 'light' });
  await page.screenshot({ animations: 'disabled', path: `${DIR}/history-usage-light.png` });
  await dialog.getByRole('button', { name: 'Back to conversations' }).click();
  await expect(conversations(dialog)).toHaveCount(1);
  await expect(toggle).toBeFocused();
});

test('the session length limit is a Settings field with bounds, kept across a reopen', async ({ page }) => {
  await openPage(page);
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  let settings = page.getByRole('dialog', { name: 'Settings' });
  const field = settings.getByLabel('Session length limit (minutes)');
  await expect(field).toHaveValue('30');
  await field.fill('4');
  await settings.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(settings.getByText('Enter whole minutes from 5 to 120.')).toBeVisible();
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await field.fill('45');
  await settings.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(settings).toBeHidden();
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  settings = page.getByRole('dialog', { name: 'Settings' });
  await expect(settings.getByLabel('Session length limit (minutes)')).toHaveValue('45');
});
