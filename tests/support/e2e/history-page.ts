// What the History specs do on the page: start web mode's offline demo on a data folder, ask questions and
// wait for each answer, open the History dialog, and find its conversation list.
import { expect, type Locator, type Page } from '@playwright/test';
import { startWebMode, type RunningWebMode } from './web-mode';

/** Web mode with the simulator on `dataDir`, the page open on it and connected. */
export async function openDemoPage(page: Page, dataDir: string): Promise<RunningWebMode> {
  const web = await startWebMode({ args: ['--sim'], dataDir });
  await page.goto(web.url);
  await expect(page.getByTestId('connection-state')).toHaveText('Connected');
  return web;
}

/** Types each question and waits for its answer to be done. */
export async function ask(page: Page, questions: string[]): Promise<void> {
  const replies = page.getByRole('log').locator('.turn.assistant');
  const before = await replies.count();
  for (const [i, question] of questions.entries()) {
    await page.getByLabel('Message').fill(question);
    await page.getByLabel('Message').press('Enter');
    await expect(replies).toHaveCount(before + i + 1);
    await expect(replies.nth(before + i)).toHaveAttribute('data-status', 'done');
  }
}

export async function openHistory(page: Page): Promise<Locator> {
  await page.getByRole('button', { name: 'History', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'History' });
  await expect(dialog).toBeVisible();
  return dialog;
}

export const conversations = (dialog: Locator): Locator => dialog.getByRole('list', { name: 'Conversations' }).getByRole('listitem');
