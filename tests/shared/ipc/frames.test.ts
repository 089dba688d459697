import { describe, expect, it } from 'vitest';
import { parseServerFrame, requestFrameSchema } from '../../../src/shared/ipc/frames';

describe('parseServerFrame', () => {
  it('reads a reply, keeping its id and envelope', () => {
    const failure = { ok: false, error: { code: 'invalid_payload', message: 'bad', issues: [{ path: 'voice', message: 'Too small' }] } };
    expect(parseServerFrame(JSON.stringify({ id: 3, result: { ok: true, value: { ok: true } } }))).toEqual({ id: 3, result: { ok: true, value: { ok: true } } });
    expect(parseServerFrame(JSON.stringify({ id: 4, result: failure }))).toEqual({ id: 4, result: failure });
    expect(parseServerFrame(JSON.stringify({ id: null, result: failure }))).toEqual({ id: null, result: failure });
  });

  it('reads a reply whose result is unreadable as a failure, so the request it answers settles', () => {
    for (const result of [undefined, 42, { ok: 'yes' }, { ok: false, error: { code: 'nope' } }]) {
      expect(parseServerFrame(JSON.stringify({ id: 5, result }))).toMatchObject({ id: 5, result: { ok: false, error: { code: 'failed' } } });
    }
  });

  it('reads a contract event with its payload checked against that event', () => {
    expect(parseServerFrame(JSON.stringify({ event: 'notice', payload: { message: 'hi' } }))).toEqual({ event: 'notice', payload: { message: 'hi' } });
    expect(parseServerFrame(JSON.stringify({ event: 'notice', payload: { message: 42 } }))).toBeNull();
    expect(parseServerFrame(JSON.stringify({ event: 'toString', payload: {} }))).toBeNull();
  });

  it('reads anything else as nothing', () => {
    for (const text of ['not json', 'null', '[]', '"str"', JSON.stringify({ id: -1, result: { ok: true } }), JSON.stringify({ hello: 1 })]) {
      expect(parseServerFrame(text), text).toBeNull();
    }
  });
});

describe('requestFrameSchema', () => {
  it('accepts {id, name, payload} and nothing more', () => {
    expect(requestFrameSchema.safeParse({ id: 1, name: 'getStatus' }).success).toBe(true);
    expect(requestFrameSchema.safeParse({ id: 1, name: 'getStatus', extra: true }).success).toBe(false);
    expect(requestFrameSchema.safeParse({ id: 1.5, name: 'getStatus' }).success).toBe(false);
  });
});
