/// <reference lib="dom" />
// The History dialog in web mode against the offline demo (the simulator answers "You said: …"): the
// conversation listed as it is had, search with the matched words marked, a conversation opened read-only,
// renamed (kept across a restart of web mode), deleted with Undo and for good, exported as Markdown and
// JSON (the downloaded files read back); screenshots for people to look at.
import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { ask, conversations, openDemoPage, openHistory } from '../support/e2e/history-page';
import { makeDataDir, removeDataDir, type RunningWebMode } from '../support/e2e/web-mode';

const DIR = 'artifacts/screenshots';
const FIRST = 'Which lighthouse is the tallest?';
const SECOND = 'How far does its beam reach at night?';
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

async function openPage(page: Page): Promise<void> {
  web = await openDemoPage(page, dataDir);
}

async function download(page: Page, click: () => Promise<void>): Promise<{ name: string; text: string }> {
  const [file] = await Promise.all([page.waitForEvent('download'), click()]);
  return { name: file.suggestedFilename(), text: await readFile((await file.path())!, 'utf8') };
}

test('a conversation is listed, found with the words marked, opened, and renamed for good', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await openPage(page);
  await ask(page, [FIRST, SECOND]);

  const historyButton = page.getByRole('button', { name: 'History', exact: true });
  await historyButton.focus();
  await page.keyboard.press('Enter');
  let dialog = page.getByRole('dialog', { name: 'History' });
  await expect(dialog).toBeVisible();
  await expect(conversations(dialog)).toHaveCount(1);
  await expect(conversations(dialog).first()).toContainText(FIRST);
  await expect(conversations(dialog).first()).toContainText(/Today, .* · 4 turns/);
  await page.screenshot({ animations: 'disabled', path: `${DIR}/history-list-light.png` });
  // Keyboard: the search box has focus first, and Tab never leaves the dialog.
  await expect(dialog.getByLabel('Search history')).toBeFocused();
  for (let i = 0; i < 12; i++) {
    await page.keyboard.press(i < 9 ? 'Tab' : 'Shift+Tab');
    expect(await dialog.evaluate((el) => el.contains(document.activeElement))).toBe(true);
  }

  // "beam" is in the second question and in the simulator's answer to it.
  await dialog.getByLabel('Search history').fill('beam');
  const results = dialog.getByRole('list', { name: 'Search results' });
  await expect(results.getByRole('listitem')).toHaveCount(2);
  await expect(results.locator('mark')).toHaveText(['beam', 'beam']);
  const answerHit = results.getByRole('button').filter({ hasText: 'Assistant' });
  await expect(answerHit).toContainText(`You said: How far does its beam reach at night?`);
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ animations: 'disabled', path: `${DIR}/history-search-dark.png` });
  await page.emulateMedia({ colorScheme: 'light' });

  // The hit opens its conversation read-only, at the matching turn.
  await answerHit.click();
  await expect(dialog.getByRole('heading', { name: FIRST, level: 3 })).toBeVisible();
  const turns = dialog.getByRole('list', { name: 'Turns' }).getByRole('listitem');
  await expect(turns).toHaveText([/^You · .*Which lighthouse/, /^Assistant · .*You said: Which lighthouse/, /^You · .*beam/, /^Assistant · .*You said: How far/]);
  await expect(turns.nth(3)).toBeFocused();
  await expect(dialog.locator('textarea, [contenteditable]')).toHaveCount(0);
  await page.screenshot({ animations: 'disabled', path: `${DIR}/history-conversation-light.png` });

  // Rename in place: Escape cancels the rename and leaves the dialog open; Enter saves.
  await dialog.getByRole('button', { name: 'Rename' }).click();
  const title = dialog.getByLabel('Conversation title');
  await expect(title).toBeFocused();
  await title.fill('Never mind');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('heading', { name: FIRST, level: 3 })).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Rename' })).toBeFocused();
  await dialog.getByRole('button', { name: 'Rename' }).click();
  await title.fill('Lighthouses');
  await title.press('Enter');
  await expect(dialog.getByRole('heading', { name: 'Lighthouses', level: 3 })).toBeVisible();
  await dialog.getByRole('button', { name: 'All conversations' }).click();
  // Back to the search it came from; clearing it (Escape) shows the list with the new name.
  await dialog.getByLabel('Search history').press('Escape');
  await expect(dialog).toBeVisible();
  await expect(conversations(dialog)).toHaveText([/^Lighthouses/]);

  // Escape closes; focus returns to the button that opened it.
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(historyButton).toBeFocused();

  await web!.stop();
  await openPage(page);
  dialog = await openHistory(page);
  await expect(conversations(dialog)).toHaveText([/^Lighthouses.*4 turns$/]);
});

test('delete with Undo and for good, export as Markdown and JSON, and a list that follows new turns', async ({ page }) => {
  await openPage(page);
  const dialog = await openHistory(page);
  await expect(dialog.getByText('No conversations yet.')).toBeVisible();
  await expect(dialog.getByRole('group', { name: 'Export all conversations' }).getByRole('button', { name: 'JSON' })).toBeDisabled();

  // Another page of the same app talks meanwhile: the open list follows.
  const other = await page.context().newPage();
  await other.goto(web!.url);
  await expect(other.getByTestId('connection-state')).toHaveText('Connected');
  await ask(other, [FIRST, SECOND]);
  await expect(conversations(dialog)).toHaveText([new RegExp(`^${FIRST.replace('?', '\\?')}.*4 turns$`)]);
  await other.close();

  // Export this conversation as Markdown, and everything as JSON: the files as a user would save them.
  await conversations(dialog).first().getByRole('button').click();
  const md = await download(page, () => dialog.getByRole('group', { name: 'Export this conversation' }).getByRole('button', { name: 'Markdown' }).click());
  expect(md.name).toMatch(/^voice-assistant-conversation-\d+-\d{4}-\d\d-\d\d\.md$/);
  expect(md.text).toMatch(new RegExp(`^# ${FIRST.replace('?', '\\?')}\\n`));
  expect(md.text).toContain(`**You** · `);
  expect(md.text).toContain(`You said: ${SECOND}`);
  await dialog.getByRole('button', { name: 'All conversations' }).click();
  const json = await download(page, () => dialog.getByRole('group', { name: 'Export all conversations' }).getByRole('button', { name: 'JSON' }).click());
  expect(json.name).toMatch(/^voice-assistant-history-\d{4}-\d\d-\d\d\.json$/);
  const parsed = JSON.parse(json.text);
  expect(parsed).toMatchObject({ format: 'voice-assistant-history', version: 1, conversations: [{ title: FIRST }] });
  // A spoken answer still playing when the next question went out is kept as far as it was heard.
  expect(parsed.conversations[0].turns.map((t: { role: string; text: string }) => [t.role, t.text])).toEqual([
    ['user', FIRST],
    ['assistant', expect.stringMatching(/^You said: Which/)],
    ['user', SECOND],
    ['assistant', `You said: ${SECOND}`],
  ]);

  // Delete, then Undo: it comes back.
  await conversations(dialog).first().getByRole('button').click();
  await dialog.getByRole('button', { name: 'Delete' }).click();
  const undo = dialog.getByRole('button', { name: 'Undo' });
  await expect(dialog.getByRole('status')).toContainText(`Deleted “${FIRST}”.`);
  await expect(undo).toBeFocused();
  await expect(dialog.getByText('No conversations yet.')).toBeVisible();
  await undo.click();
  await expect(conversations(dialog)).toHaveCount(1);
  await expect(undo).toBeHidden();

  // Delete and let the Undo go: gone from the list, also when the dialog opens again.
  await conversations(dialog).first().getByRole('button').click();
  await dialog.getByRole('button', { name: 'Delete' }).click();
  await expect(undo).toBeVisible();
  await expect(undo).toBeHidden({ timeout: 10_000 });
  await expect(conversations(dialog)).toHaveCount(0);
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  const again = await openHistory(page);
  await expect(again.getByText('No conversations yet.')).toBeVisible();
  await expect(again.getByLabel('Search history')).toBeFocused();
});

test('the retention choice is in Settings and kept; every History control has a name', async ({ page }) => {
  await openPage(page);
  await ask(page, [FIRST]);
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  let settings = page.getByRole('dialog', { name: 'Settings' });
  await expect(settings.getByLabel('Keep conversations')).toHaveValue('forever');
  await settings.getByLabel('Keep conversations').selectOption({ label: 'For 30 days' });
  await settings.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(settings).toBeHidden();
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  settings = page.getByRole('dialog', { name: 'Settings' });
  await expect(settings.getByLabel('Keep conversations')).toHaveValue('30');
  await settings.getByRole('heading', { name: 'History' }).scrollIntoViewIfNeeded();
  await page.screenshot({ animations: 'disabled', path: `${DIR}/history-settings-light.png` });
  await settings.getByRole('button', { name: 'Cancel' }).click();

  // A conversation of today outlives a 30-day retention.
  const dialog = await openHistory(page);
  await expect(conversations(dialog)).toHaveCount(1);
  const unnamed = (): Promise<string[]> =>
    dialog.evaluate((root) =>
      [...root.querySelectorAll('button, input, select, textarea, ul, ol')]
        .filter((el) => (el as HTMLElement).offsetParent !== null)
        .filter((el) => !(el.getAttribute('aria-label') || (el as HTMLInputElement).labels?.length || (el.tagName === 'BUTTON' && el.textContent?.trim())))
        .map((el) => el.outerHTML.slice(0, 120)),
    );
  expect(await unnamed()).toEqual([]);
  await conversations(dialog).first().getByRole('button').click();
  await expect(dialog.getByRole('list', { name: 'Turns' })).toBeVisible();
  expect(await unnamed()).toEqual([]);
});
