/// <reference lib="dom" />
import { createServer, type Server } from 'node:http';
import { expect, test } from '@playwright/test';
import { removeDataDir, startWebMode, type RunningWebMode } from '../support/e2e/web-mode';

let web: RunningWebMode;

test.beforeAll(async () => {
  web = await startWebMode({ args: ['--sim'] });
});

test.afterAll(async () => {
  await web.stop();
  await removeDataDir(web.dataDir);
});

test('the page is refused without the token', async ({ page }) => {
  for (const address of [`${web.origin}/`, `${web.origin}/?token=`, `${web.origin}/?token=not-the-token`]) {
    const response = await page.goto(address);
    expect(response?.status(), address).toBe(403);
    await expect(page.getByRole('heading', { name: 'Access token needed' })).toBeVisible();
    await expect(page.getByLabel('Message')).toHaveCount(0);
  }
});

test('the token leaves the address bar at once and is kept in no storage', async ({ page }) => {
  await page.goto(web.url);
  await expect(page.getByTestId('connection-state')).toHaveText('Connected');
  expect(page.url()).toBe(`${web.origin}/`);
  const held = await page.evaluate(() => JSON.stringify([Object.entries(localStorage), Object.entries(sessionStorage), document.cookie, history.length]));
  expect(held).not.toContain(web.token);
});

test('the IPC socket refuses a page without the token', async ({ page }) => {
  await page.goto(web.url);
  await expect(page.getByTestId('connection-state')).toHaveText('Connected');
  const outcome = await page.evaluate(
    (address) =>
      new Promise<string>((resolve) => {
        const ws = new WebSocket(address);
        ws.onopen = () => resolve('opened');
        ws.onclose = () => resolve('refused');
      }),
    `ws://127.0.0.1:${web.port}/ipc`,
  );
  expect(outcome).toBe('refused');
});

test('another local page cannot drive the assistant, even knowing the token', async ({ page }) => {
  // A page from another origin on this machine: its socket carries its own Origin, which web mode refuses.
  const other: Server = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html' });
    res.end('<!doctype html><title>other</title>');
  });
  await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
  try {
    const port = (other.address() as { port: number }).port;
    await page.goto(`http://127.0.0.1:${port}/`);
    const outcome = await page.evaluate(
      (address) =>
        new Promise<string>((resolve) => {
          const ws = new WebSocket(address);
          ws.onopen = () => {
            ws.send(JSON.stringify({ id: 1, name: 'getStatus' }));
            resolve('opened');
          };
          ws.onclose = () => resolve('refused');
        }),
      `ws://127.0.0.1:${web.port}/ipc?token=${web.token}`,
    );
    expect(outcome).toBe('refused');
    // Nor can it read the page: a cross-origin fetch of the app is blocked (no CORS), and framing is denied.
    const fetched = await page.evaluate((address) => fetch(address).then(() => 'read', () => 'blocked'), web.url);
    expect(fetched).toBe('blocked');
  } finally {
    await new Promise<void>((resolve) => other.close(() => resolve()));
  }
});

test('a foreign Host name is refused (DNS rebinding)', async ({ request }) => {
  const response = await request.get(web.url, { headers: { Host: `rebind.example:${web.port}` } });
  expect(response.status()).toBe(403);
  expect(await response.text()).not.toContain('id="app"');
});
