/// <reference lib="dom" />
// The conversation view with 5,000 turns: only a window of recent turns is in the DOM, older ones load
// on request, and streaming into the newest turn stays cheap. Timings are printed, not asserted.
import { mkdir, writeFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { installStubAssistant, makeTurns } from '../support/e2e/stub-assistant';
import { removeDataDir, startWebMode, type RunningWebMode } from '../support/e2e/web-mode';

const TURNS = 5000;
let web: RunningWebMode;

test.beforeAll(async () => {
  web = await startWebMode({ args: ['--sim'] });
});

test.afterAll(async () => {
  await web.stop();
  await removeDataDir(web.dataDir);
});

test('5,000 turns: a window of recent turns in the DOM, earlier ones on request, streaming stays cheap', async ({ page }) => {
  const turns = makeTurns(TURNS);
  await installStubAssistant(page, turns);
  const started = Date.now();
  await page.goto(web.url);
  const log = page.getByRole('log', { name: 'Conversation' });
  await expect(log).toHaveAttribute('data-total', String(TURNS));
  await expect(log.locator(`[data-turn-id="turn-${TURNS - 1}"]`)).toBeInViewport();
  const firstRenderMs = Date.now() - started;

  const rendered = await log.locator('.turn').count();
  expect(rendered).toBeGreaterThan(0);
  expect(rendered).toBeLessThanOrEqual(200);
  await expect(log.locator('[data-turn-id="turn-0"]')).toHaveCount(0);

  // Stream 300 deltas into a new assistant turn, one per animation frame, as a fast reply would.
  const streaming = await page.evaluate(async (count) => {
    const emit = (window as unknown as { __emit: (e: string, p: unknown) => void }).__emit;
    const frameTimes: number[] = [];
    let text = '';
    let last = performance.now();
    for (let i = 0; i < count; i++) {
      text += `word${i} `;
      emit('turn', { id: 'streaming', role: 'assistant', kind: 'audio', text, status: 'in_progress', createdAt: Date.now() });
      await new Promise(requestAnimationFrame);
      const now = performance.now();
      frameTimes.push(now - last);
      last = now;
    }
    frameTimes.sort((a, b) => a - b);
    return { median: frameTimes[Math.floor(count / 2)]!, p95: frameTimes[Math.floor(count * 0.95)]!, text };
  }, 300);
  const streamingTurn = log.locator('[data-turn-id="streaming"]');
  await expect(streamingTurn).toContainText('word299');
  await expect(streamingTurn).toBeInViewport();
  expect(await log.locator('.turn').count()).toBeLessThanOrEqual(200);

  // Earlier turns arrive a page at a time, from a button a keyboard user can reach.
  const showEarlier = page.getByRole('button', { name: /Show earlier messages/ });
  const before = await log.locator('.turn').count();
  const t0 = Date.now();
  await showEarlier.click();
  await expect(log.locator('.turn')).toHaveCount(before + 100);
  const showEarlierMs = Date.now() - t0;

  const figures = { turns: TURNS, domTurns: before, firstRenderMs, streamingFrameMedianMs: streaming.median, streamingFrameP95Ms: streaming.p95, showEarlierMs };
  console.log('long conversation figures:', JSON.stringify(figures));
  await mkdir('test-results', { recursive: true });
  await writeFile('test-results/renderer-long-conversation.json', `${JSON.stringify(figures, null, 2)}\n`);
});
