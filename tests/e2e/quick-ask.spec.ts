/// <reference lib="dom" />
// The quick-ask popup in web mode (/quick): a focused box, the newest exchange streaming below it, the
// same conversation as the main window, Esc clearing the box; screenshots at the popup's size.
import { expect, test, type Page } from '@playwright/test';
import { startSimulator } from '../../src/sim/index';
import type { RunningSimulator } from '../../src/sim/types';
import { removeDataDir, startWebMode, type RunningWebMode } from '../support/e2e/web-mode';

const KEY = 'e2e-quick-key-0001';
const DIR = 'artifacts/screenshots';
const POPUP = { width: 460, height: 220 };
let sim: RunningSimulator;
let web: RunningWebMode;

test.use({ viewport: POPUP });

test.beforeEach(async () => {
  // Slower than real time so the reply is visibly streaming for a while.
  sim = await startSimulator({ port: 0, requireKey: KEY, pace: 0.5 });
  web = await startWebMode({ args: ['--endpoint', sim.url], env: { REALTIME_API_KEY: KEY } });
});

test.afterEach(async () => {
  await web.stop();
  await sim.close();
  await removeDataDir(web.dataDir);
});

/** web.url is http://127.0.0.1:P/?token=T; the popup is the same token on /quick. */
const quickUrl = (): string => `${web.origin}/quick?token=${encodeURIComponent(web.token)}`;

/** The main window in a tab of its own, at a window's size; the token is checked per page load, not used up. */
async function openMain(page: Page): Promise<Page> {
  const main = await page.context().newPage();
  await main.setViewportSize({ width: 1100, height: 760 });
  await main.goto(web.url);
  await expect(main.getByTestId('connection-state')).toHaveText('Connected');
  return main;
}

async function openQuick(page: Page): Promise<void> {
  await page.goto(quickUrl());
  await expect(page.getByTestId('quick-status')).toHaveText('Ready');
}

test('the popup needs the token like the main page', async ({ page }) => {
  for (const address of [`${web.origin}/quick`, `${web.origin}/quick?token=not-the-token`]) {
    const response = await page.goto(address);
    expect(response?.status(), address).toBe(403);
    await expect(page.getByRole('heading', { name: 'Access token needed' })).toBeVisible();
  }
});

test('a question typed in the popup streams its answer there and is part of the main conversation', async ({ page }) => {
  const main = await openMain(page);
  await openQuick(page);
  // The token leaves the address bar, as on the main page.
  expect(page.url()).toBe(`${web.origin}/quick`);

  const box = page.getByLabel('Message');
  await expect(box).toBeFocused();
  await page.keyboard.type('What is the weather like?');
  await page.keyboard.press('Enter');
  await expect(box).toHaveValue('');

  const exchange = page.getByRole('log', { name: 'Latest exchange' });
  await expect(exchange.locator('.turn.user')).toContainText('What is the weather like?');
  const reply = exchange.locator('.turn.assistant');
  await expect(reply).toHaveAttribute('data-status', 'in_progress');
  await expect(page.getByRole('button', { name: 'Stop' })).toBeVisible();
  await expect(reply).toHaveAttribute('data-status', 'done', { timeout: 30_000 });
  await expect(reply.locator('.text')).toContainText('You said: What is the weather like?');
  await expect(page.getByRole('button', { name: 'Stop' })).toBeHidden();

  // The same turn, in the main window's conversation, without reloading it.
  const log = main.getByRole('log', { name: 'Conversation' });
  await expect(log.locator('.turn.user')).toHaveCount(1);
  await expect(log.locator('.turn.user')).toContainText('What is the weather like?');
  await expect(log.locator('.turn.assistant')).toHaveAttribute('data-status', 'done');
  await expect(log.locator('.turn.assistant .text')).toContainText('You said: What is the weather like?');

  // A turn from the main window replaces it in the popup: only the newest exchange is shown there.
  await main.getByLabel('Message').fill('And tomorrow?');
  await main.getByLabel('Message').press('Enter');
  await expect(exchange.locator('.turn')).toHaveCount(2);
  await expect(exchange.locator('.turn.user')).toContainText('And tomorrow?');
  await expect(exchange).not.toContainText('What is the weather like?');
  await expect(exchange.locator('.turn.assistant')).toHaveAttribute('data-status', 'done', { timeout: 30_000 });
  await expect(log.locator('.turn.user')).toHaveCount(2);
  await main.close();
});

test('Esc clears the box and lets go of focus; every control is named and reachable by keyboard', async ({ page }) => {
  await openQuick(page);
  const box = page.getByLabel('Message');
  await expect(box).toBeFocused();
  await page.keyboard.type('half a thought');
  await page.keyboard.press('Escape');
  await expect(box).toHaveValue('');
  await expect(box).not.toBeFocused();

  // From the box: Hold to talk, then Send (enabled once there is text).
  await box.focus();
  await page.keyboard.type('x');
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Hold to talk' })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Send' })).toBeFocused();
  // Esc works wherever focus is in the popup, not only in the box.
  await page.keyboard.press('Escape');
  await expect(box).toHaveValue('');
  await expect(page.getByRole('button', { name: 'Send' })).toBeDisabled();
});

test('screenshots of the popup, light, dark and streaming', async ({ page }) => {
  await openQuick(page);
  await page.emulateMedia({ colorScheme: 'light' });
  await page.getByLabel('Message').fill('What can you do?');
  await page.getByLabel('Message').press('Enter');
  const reply = page.getByRole('log', { name: 'Latest exchange' }).locator('.turn.assistant');
  await expect(reply).toHaveAttribute('data-status', 'done', { timeout: 30_000 });
  await page.getByLabel('Message').fill('Type here; Enter sends');
  await page.screenshot({ animations: 'disabled', path: `${DIR}/quick-ask-light.png` });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ animations: 'disabled', path: `${DIR}/quick-ask-dark.png` });

  // Much slower, so the screenshot catches the reply half written.
  sim.inject({ kind: 'pace', factor: 0.1 });
  await page.getByLabel('Message').fill('Tell me a long story about the sea and the wind.');
  await page.getByLabel('Message').press('Enter');
  await expect(reply).toHaveAttribute('data-status', 'in_progress');
  await expect(reply.locator('.text')).not.toBeEmpty();
  await page.screenshot({ animations: 'disabled', path: `${DIR}/quick-ask-streaming.png` });
  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(reply).toHaveAttribute('data-status', /cancelled|truncated/);
});
