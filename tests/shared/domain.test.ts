import { describe, expect, it } from 'vitest';
import {
  CONNECTION_STATES,
  DIALECT_SETTINGS,
  DIALECTS,
  SESSION_ERROR_KINDS,
  TALK_MODES,
  turnSchema,
  USER_FACING_ERROR_KINDS,
  userFacingErrorSchema,
} from '../../src/shared/domain';
import { events, requests, statusSchema } from '../../src/shared/ipc/contract';

describe('domain schemas', () => {
  it('are what the IPC contract validates with', () => {
    expect(statusSchema.shape.connection.options).toEqual([...CONNECTION_STATES]);
    expect(statusSchema.shape.mode.options).toEqual([...TALK_MODES]);
    expect(events.turn).toBe(turnSchema);
    expect(events.error).toBe(userFacingErrorSchema);
  });

  it('keep the session error kinds among the user-facing ones, and auto only among the dialect settings', () => {
    expect(USER_FACING_ERROR_KINDS).toEqual(expect.arrayContaining([...SESSION_ERROR_KINDS]));
    expect(DIALECT_SETTINGS).toEqual(['auto', ...DIALECTS]);
  });

  it('carry a device fallback as its kind and plain words', () => {
    const list = { inputs: [], outputs: [] };
    expect(events.devicesChanged.safeParse({ ...list, fallback: { kind: 'output', message: 'Using the default output.' } }).success).toBe(true);
    expect(events.devicesChanged.safeParse({ ...list, fallback: { kind: 'speaker', message: 'x' } }).success).toBe(false);
  });

  it('list devices without options', () => {
    expect(requests.listDevices.input.safeParse(undefined).success).toBe(true);
    expect(requests.listDevices.input.safeParse({ refresh: true }).success).toBe(false);
  });
});
