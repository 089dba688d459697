/* eslint-disable @typescript-eslint/ban-ts-comment */
// @ts-nocheck -- renderer sources belong to tsconfig.web.json; the node project (which globs tests/**) cannot
// include them without TS6307, so these files are type-checked by neither until the configs split them.
import { describe, expect, it } from 'vitest';
import { changedFields, errorsFromFailure, validatePatch } from '../../../../src/renderer/src/lib/settings-form';
import { AssistantError } from '../../../../src/shared/ipc/envelope';
import { DEFAULT_SETTINGS } from '../../../../src/shared/settings';

describe('settings form', () => {
  it('patches only the fields that changed', () => {
    const draft = { ...DEFAULT_SETTINGS, voice: 'sage', inputDeviceId: 'ALSA:mic' };
    expect(changedFields(DEFAULT_SETTINGS, draft)).toEqual({ voice: 'sage', inputDeviceId: 'ALSA:mic' });
    expect(changedFields(DEFAULT_SETTINGS, { ...DEFAULT_SETTINGS })).toEqual({});
  });

  it('finds invalid fields with plain-words messages', () => {
    const errors = validatePatch({ vadThreshold: 1.5, vadSilenceDurationMs: 50, endpoint: 'http://x', voice: 'sage' } as never);
    expect(Object.keys(errors).sort()).toEqual(['endpoint', 'vadSilenceDurationMs', 'vadThreshold']);
    expect(errors.vadThreshold).toBe('Enter a number from 0 to 1.');
    expect(errors.endpoint).toMatch(/wss:\/\//);
  });

  it('holds the session length limit to whole minutes from 5 to 120', () => {
    for (const bad of [4, 121, 30.5, null]) {
      expect(validatePatch({ sessionMaxMinutes: bad } as never).sessionMaxMinutes).toBe('Enter whole minutes from 5 to 120.');
    }
    expect(validatePatch({ sessionMaxMinutes: 5 })).toEqual({});
    expect(validatePatch({ sessionMaxMinutes: 120 })).toEqual({});
  });

  it('treats an emptied number field as invalid', () => {
    expect(validatePatch({ vadPrefixPaddingMs: null } as never).vadPrefixPaddingMs).toMatch(/milliseconds/);
  });

  it('puts the issues of a refused save on their fields, in plain words', () => {
    const refused = new AssistantError('invalid_payload', 'Invalid updateSettings request (vadThreshold): Too big', [
      { path: 'vadThreshold', message: 'Too big: expected number to be <=1' },
      { path: 'endpoint', message: 'The endpoint must start with wss:// (or ws:// for a local server).' },
      { path: 'endpoint', message: 'a second issue on the same field' },
    ]);
    expect(errorsFromFailure(refused)).toEqual({
      vadThreshold: 'Enter a number from 0 to 1.',
      endpoint: 'The endpoint must start with wss:// (or ws:// for a local server).',
    });
  });

  it('leaves failures that name no setting to the form', () => {
    expect(errorsFromFailure(new AssistantError('invalid_payload', 'Unrecognized key', [{ path: '', message: 'Unrecognized key: "x"' }]))).toBeNull();
    expect(errorsFromFailure(new AssistantError('invalid_payload', 'bad', [{ path: 'notASetting', message: 'x' }, { path: 'toString', message: 'x' }]))).toBeNull();
    expect(errorsFromFailure(new AssistantError('failed', 'The connection was lost'))).toBeNull();
    // The message alone is never parsed for a field.
    expect(errorsFromFailure(new Error('vadThreshold: Too big'))).toBeNull();
  });
});
