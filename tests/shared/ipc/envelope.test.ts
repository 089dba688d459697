import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../../src/shared/invalid-input';
import { REQUEST_NAMES } from '../../../src/shared/ipc/contract';
import { AssistantError, dispatchRequest, unwrapResult, type Handlers } from '../../../src/shared/ipc/envelope';
import { DEFAULT_SETTINGS } from '../../../src/shared/settings';

type Client = { label: string };
const client: Client = { label: 'test' };

function handlers(overrides: Partial<Handlers<Client>>): Handlers<Client> {
  const all: Record<string, unknown> = {};
  for (const name of REQUEST_NAMES) all[name] = () => ({ ok: true });
  return { ...all, ...overrides } as Handlers<Client>;
}

describe('dispatchRequest', () => {
  it('hands the handler the validated input and the client that asked', async () => {
    const seen: unknown[] = [];
    const result = await dispatchRequest(handlers({ sendText: (input, from) => (seen.push(input, from), { ok: true }) }), 'sendText', { text: '  hi ' }, client);
    expect(result).toEqual({ ok: true, value: { ok: true } });
    expect(seen).toEqual([{ text: 'hi' }, client]);
  });

  it('refuses an invalid payload with an issue per field, keeping a message for people', async () => {
    const result = await dispatchRequest(handlers({}), 'updateSettings', { vadThreshold: 3, voice: '' }, client);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('invalid_payload');
    expect(result.error.message).toMatch(/^Invalid updateSettings request \((vadThreshold|voice)\): /);
    expect(result.error.issues?.map((issue) => issue.path).sort()).toEqual(['vadThreshold', 'voice']);
  });

  it('quotes only a bounded part of an oversized payload in its failure', async () => {
    const huge = 'k'.repeat(50_000);
    const many = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`${huge.slice(0, 100)}${i}`, i]));
    for (const payload of [{ [huge]: 1 }, { [huge]: { [huge]: 1 } }, many]) {
      const result = await dispatchRequest(handlers({}), 'updateSettings', payload, client);
      expect(result.ok).toBe(false);
      expect(JSON.stringify(result).length).toBeLessThan(2_000);
    }
    const issues = Array.from({ length: 100 }, (_, i) => ({ path: `p${i}`.repeat(100), message: 'm'.repeat(1000) }));
    const thrown = await dispatchRequest(handlers({ updateSettings: () => { throw new InvalidInputError('refused', issues); } }), 'updateSettings', {}, client);
    if (thrown.ok) throw new Error('expected a failure');
    expect(thrown.error.issues).toHaveLength(20);
    expect(thrown.error.issues?.every((issue) => issue.path.length <= 201 && issue.message.length <= 201)).toBe(true);
  });

  it('carries the issues of an InvalidInputError a handler throws', async () => {
    const issues = [{ path: 'vadThreshold', message: 'Too big' }];
    const result = await dispatchRequest(handlers({ updateSettings: () => { throw new InvalidInputError('vadThreshold: Too big', issues); } }), 'updateSettings', {}, client);
    expect(result).toEqual({ ok: false, error: { code: 'invalid_payload', message: 'vadThreshold: Too big', issues } });
  });

  it('turns any other throw into a failure without issues', async () => {
    const result = await dispatchRequest(handlers({ listVoices: () => { throw new Error('no voices'); } }), 'listVoices', undefined, client);
    expect(result).toEqual({ ok: false, error: { code: 'failed', message: 'no voices' } });
  });

  it('holds replies to the output schema: a mismatch fails with a plain message that never shows the value', async () => {
    const secret = 'sk-this-must-not-leak';
    const result = await dispatchRequest(handlers({ getKeyStatus: () => ({ hasKey: true, storage: secret }) as never }), 'getKeyStatus', undefined, client);
    expect(result).toEqual({ ok: false, error: { code: 'failed', message: "The assistant's reply to getKeyStatus did not match the contract." } });
    expect(JSON.stringify(result)).not.toContain(secret);
  });

  it('sends the reply as the schema reads it: keys outside the contract are dropped', async () => {
    const result = await dispatchRequest(handlers({ getSettings: () => ({ ...DEFAULT_SETTINGS, apiKey: 'sk-no' }) as never }), 'getSettings', undefined, client);
    expect(result).toEqual({ ok: true, value: DEFAULT_SETTINGS });
  });

  it('refuses unknown names without calling anything', async () => {
    const result = await dispatchRequest(handlers({}), '__proto__', undefined, client);
    expect(result).toMatchObject({ ok: false, error: { code: 'unknown_request' } });
  });

  it('refuses a name that cannot be turned into text instead of throwing', async () => {
    const throwing = { toString: () => { throw new Error('no'); } };
    for (const name of [Object.create(null) as unknown, throwing, Symbol('x'), 42n]) {
      await expect(dispatchRequest(handlers({}), name, undefined, client)).resolves.toMatchObject({ ok: false, error: { code: 'unknown_request' } });
    }
  });
});

describe('unwrapResult', () => {
  it('returns the value, or throws an AssistantError with the code and issues', () => {
    expect(unwrapResult({ ok: true, value: 42 })).toBe(42);
    const issues = [{ path: 'voice', message: 'Too small' }];
    let thrown: unknown;
    try {
      unwrapResult({ ok: false, error: { code: 'invalid_payload', message: 'bad voice', issues } });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(AssistantError);
    expect(thrown).toMatchObject({ code: 'invalid_payload', message: 'bad voice', issues });
  });

  it('reads anything else as an unreadable reply', () => {
    for (const garbage of [undefined, null, 42, { ok: false }, { ok: false, error: { code: 'nope', message: 'x' } }]) {
      expect(() => unwrapResult(garbage)).toThrow(/unreadable reply/);
    }
    expect(() => unwrapResult({ ok: false, error: { code: 'failed', message: 'x' } })).toThrow(expect.objectContaining({ issues: [] }));
  });
});
