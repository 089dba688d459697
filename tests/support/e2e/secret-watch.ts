/// <reference lib="dom" />
// Watches everything a page receives (WebSocket frames, HTTP bodies) and can search what it holds
// (DOM, form values, storage) for a secret that must never reach it.
import type { Page } from '@playwright/test';

export interface SecretWatch {
  /** Frames the page received over every WebSocket, as text. */
  received: string[];
  /** Bodies of every HTTP response the page loaded. */
  responses: string[];
  /** Where the secret was found, if anywhere (empty when it never reached the page). */
  findIn(page: Page, secret: string): Promise<string[]>;
}

export function watchPage(page: Page): SecretWatch {
  const received: string[] = [];
  const responses: string[] = [];
  page.on('websocket', (ws) => {
    ws.on('framereceived', ({ payload }) => received.push(typeof payload === 'string' ? payload : payload.toString('utf8')));
  });
  page.on('response', (response) => {
    void response.body().then(
      (body) => responses.push(body.toString('utf8')),
      () => undefined,
    );
  });
  return {
    received,
    responses,
    async findIn(target, secret) {
      const places: string[] = [];
      const held = await target.evaluate(() => {
        const values = [...document.querySelectorAll('input, textarea, select')].map((el) => (el as HTMLInputElement).value);
        const storage = (s: Storage): string => JSON.stringify(Object.fromEntries(Object.entries(s)));
        return {
          dom: document.documentElement.outerHTML,
          values: values.join('\n'),
          local: storage(localStorage),
          session: storage(sessionStorage),
          address: location.href,
          title: document.title,
        };
      });
      for (const [where, text] of Object.entries(held)) if (text.includes(secret)) places.push(where);
      if (received.some((frame) => frame.includes(secret))) places.push('websocket frames received');
      if (responses.some((body) => body.includes(secret))) places.push('http responses');
      return places;
    },
  };
}
