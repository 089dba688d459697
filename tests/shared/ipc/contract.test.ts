import { describe, expect, it } from 'vitest';
import { REQUEST_NAMES } from '../../../src/shared/ipc/contract';
import { dispatchRequest, type Handlers } from '../../../src/shared/ipc/envelope';

type Client = { label: string };
const client: Client = { label: 'test' };
const KEY = 'sk-contract-Key_0123456789';

function handlers(overrides: Partial<Handlers<Client>>): Handlers<Client> {
  const all: Record<string, unknown> = {};
  for (const name of REQUEST_NAMES) all[name] = () => ({ ok: true });
  return { ...all, ...overrides } as Handlers<Client>;
}

describe('setApiKey', () => {
  const storeKey = (seen: unknown[]): Partial<Handlers<Client>> => ({
    setApiKey: (input) => (seen.push(input), { hasKey: true, storage: 'memory' }),
  });

  it('takes the key alone, trimmed', async () => {
    const seen: unknown[] = [];
    const result = await dispatchRequest(handlers(storeKey(seen)), 'setApiKey', { key: ` ${KEY} ` }, client);
    expect(result).toEqual({ ok: true, value: { hasKey: true, storage: 'memory' } });
    expect(seen).toEqual([{ key: KEY }]);
  });

  it('refuses extra fields like updateSettings does, without calling the handler or repeating the key', async () => {
    const seen: unknown[] = [];
    const result = await dispatchRequest(handlers(storeKey(seen)), 'setApiKey', { key: KEY, storage: 'keychain' }, client);
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    if (result.ok) return;
    expect(result.error.message).toMatch(/^Invalid setApiKey request: .*storage/);
    expect(seen).toEqual([]);
    expect(JSON.stringify(result)).not.toContain(KEY);
  });
});
