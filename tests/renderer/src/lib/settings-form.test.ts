/* eslint-disable @typescript-eslint/ban-ts-comment */
// @ts-nocheck -- renderer sources belong to tsconfig.web.json; the node project (which globs tests/**) cannot
// include them without TS6307, so these files are type-checked by neither until the configs split them.
import { describe, expect, it } from 'vitest';
import { changedFields, errorsFromMessage, validatePatch } from '../../../../src/renderer/src/lib/settings-form';
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

  it('treats an emptied number field as invalid', () => {
    expect(validatePatch({ vadPrefixPaddingMs: null } as never).vadPrefixPaddingMs).toMatch(/milliseconds/);
  });

  it('maps core error messages onto their field', () => {
    expect(errorsFromMessage('vadThreshold: Too big: expected number to be <=1')).toEqual({ vadThreshold: 'Too big: expected number to be <=1' });
    expect(errorsFromMessage('Invalid updateSettings request (endpoint): bad')).toEqual({ endpoint: 'bad' });
    expect(errorsFromMessage('notASetting: x')).toBeNull();
    expect(errorsFromMessage('The connection was lost')).toBeNull();
  });
});
