/// <reference lib="dom" />
import { expect, test } from '@playwright/test';
import { removeDataDir, startWebMode, type RunningWebMode } from '../support/e2e/web-mode';

let web: RunningWebMode;

test.beforeEach(async () => {
  web = await startWebMode({ args: ['--sim'] });
});

test.afterEach(async () => {
  await web.stop();
  await removeDataDir(web.dataDir);
});

test('the composer works from the keyboard alone', async ({ page }) => {
  await page.goto(web.url);
  await expect(page.getByTestId('connection-state')).toHaveText('Connected');

  // Tab from the top of the page reaches the message box.
  await page.locator('body').focus();
  let steps = 0;
  while (!(await page.getByLabel('Message').evaluate((el) => el === document.activeElement)) && steps++ < 10) await page.keyboard.press('Tab');
  await expect(page.getByLabel('Message')).toBeFocused();

  // Shift+Enter adds a line; Enter sends both lines as one message.
  await page.keyboard.type('first line');
  await page.keyboard.press('Shift+Enter');
  await page.keyboard.type('second line');
  await expect(page.getByLabel('Message')).toHaveValue('first line\nsecond line');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('log').locator('.turn.user')).toHaveText(/first line\s+second line/);
  await expect(page.getByRole('log').locator('.turn.assistant')).toHaveAttribute('data-status', 'done');

  // The talk mode is a radio group: arrow keys switch it, and the choice is applied.
  await page.getByRole('radio', { name: 'Push to talk' }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('radio', { name: 'Hands-free' })).toBeChecked();
  await expect(page.getByText('Listening hands-free')).toBeVisible();
  await page.keyboard.press('ArrowLeft');
  await expect(page.getByRole('radio', { name: 'Push to talk' })).toBeChecked();
  await expect(page.getByRole('button', { name: 'Hold to talk' })).toBeVisible();
});

test('focus is always visible', async ({ page }) => {
  await page.goto(web.url);
  await expect(page.getByTestId('connection-state')).toHaveText('Connected');
  await page.locator('body').focus();
  for (let i = 0; i < 8; i++) {
    await page.keyboard.press('Tab');
    const ring = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body) return 'none';
      const style = getComputedStyle(el);
      const box = el.closest('.composer') as HTMLElement | null;
      // The message box shows focus on its surrounding card instead of itself.
      const boxShadow = box && el.id === 'message' ? getComputedStyle(box).boxShadow : 'none';
      const outlined = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
      const labelRing = el.matches('input[type=radio]') && getComputedStyle(el.parentElement!).outlineStyle !== 'none';
      return outlined || labelRing || boxShadow !== 'none' ? 'visible' : `invisible on ${el.outerHTML.slice(0, 80)}`;
    });
    expect(ring).toMatch(/visible|none/);
    expect(ring).not.toMatch(/invisible/);
  }
});

test('the page says so when it loses web mode', async ({ page }) => {
  await page.goto(web.url);
  await expect(page.getByTestId('connection-state')).toHaveText('Connected');
  await web.stop();
  await expect(page.getByTestId('connection-state')).toHaveText('Reconnecting to the app…');
  // A request made meanwhile fails with words, not a hang.
  await page.getByLabel('Message').fill('anyone there?');
  await page.getByLabel('Message').press('Enter');
  await expect(page.getByRole('alert')).toContainText(/not reachable|was lost/, { timeout: 30_000 });
  await expect(page.getByLabel('Message')).toHaveValue('anyone there?');
});
