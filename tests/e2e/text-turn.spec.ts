/// <reference lib="dom" />
import { expect, test } from '@playwright/test';
import { startSimulator } from '../../src/sim/index';
import type { RunningSimulator } from '../../src/sim/types';
import { removeDataDir, startWebMode, type RunningWebMode } from '../support/e2e/web-mode';

const KEY = 'e2e-text-key-0001';
let sim: RunningSimulator;
let web: RunningWebMode;

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

test('a typed message streams an assistant reply into the log', async ({ page }) => {
  await page.goto(web.url);
  await expect(page.getByTestId('connection-state')).toHaveText('Connected');
  const log = page.getByRole('log', { name: 'Conversation' });

  await page.getByLabel('Message').fill('What is the weather like?');
  await page.getByLabel('Message').press('Enter');
  await expect(page.getByLabel('Message')).toHaveValue('');

  const user = log.locator('.turn.user');
  await expect(user).toHaveCount(1);
  await expect(user).toContainText('What is the weather like?');

  // While streaming, the reply is marked in progress and holds part of the text; then it completes.
  const reply = log.locator('.turn.assistant');
  await expect(reply).toHaveAttribute('data-status', 'in_progress');
  await expect(reply).not.toHaveText(/^\s*Assistant:\s*$/);
  const partial = (await reply.locator('.text').textContent()) ?? '';
  await expect(page.getByRole('button', { name: 'Stop' })).toBeVisible();
  await expect(reply).toHaveAttribute('data-status', 'done', { timeout: 30_000 });
  const final = (await reply.locator('.text').textContent()) ?? '';
  expect(final).toContain('You said: What is the weather like?');
  expect(final.length).toBeGreaterThan(partial.length);
  await expect(page.getByRole('button', { name: 'Stop' })).toBeHidden();

  // The simulator got the text as a conversation item, with the key, over one connection.
  const received = sim.connections().flatMap((c) => c.received);
  expect(received.some((e) => e.type === 'conversation.item.create')).toBe(true);
});

test('Stop ends a reply that is still streaming', async ({ page }) => {
  await page.goto(web.url);
  await expect(page.getByTestId('connection-state')).toHaveText('Connected');
  sim.inject({ kind: 'pace', factor: 0.1 });
  await page.getByLabel('Message').fill('Tell me a long story about the sea and the wind.');
  await page.getByRole('button', { name: 'Send' }).click();
  const reply = page.getByRole('log').locator('.turn.assistant');
  await expect(reply).toHaveAttribute('data-status', 'in_progress');
  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(reply).toHaveAttribute('data-status', /cancelled|truncated/);
  await expect(reply.locator('.mark')).toHaveText(/Stopped|Interrupted/);
  await expect(page.getByRole('button', { name: 'Stop' })).toBeHidden();
});
