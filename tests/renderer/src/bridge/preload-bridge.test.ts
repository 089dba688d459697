/* eslint-disable @typescript-eslint/ban-ts-comment */
// @ts-nocheck -- renderer sources belong to tsconfig.web.json; the node project (which globs tests/**) cannot
// include them without TS6307, so these files are type-checked by neither until the configs split them.
import { describe, expect, it } from 'vitest';
import { apiOverPreload } from '../../../../src/renderer/src/bridge/preload-bridge';
import { AssistantError } from '../../../../src/shared/ipc/envelope';

describe('apiOverPreload', () => {
  it('builds the API over the preload transport, so failures keep their code and issues', async () => {
    const issues = [{ path: 'vadThreshold', message: 'Too big' }];
    const invoked: unknown[][] = [];
    const subscribed: unknown[][] = [];
    const api = apiOverPreload({
      assistantIpc: {
        invoke: async (...args: unknown[]) => (invoked.push(args), { ok: false, error: { code: 'invalid_payload', message: 'Invalid updateSettings request', issues } }),
        on: (...args: unknown[]) => (subscribed.push(args), () => undefined),
      },
    });
    const failure = await api.updateSettings({ vadThreshold: 2 }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(AssistantError);
    expect(failure).toMatchObject({ code: 'invalid_payload', issues });
    expect(invoked).toEqual([['updateSettings', { vadThreshold: 2 }]]);
    const listener = (): void => undefined;
    api.on('notice', listener);
    expect(subscribed).toEqual([['notice', listener]]);
  });

  it('is null without a preload (web mode)', () => {
    expect(apiOverPreload({})).toBeNull();
  });
});
