import { describe, expect, it } from 'vitest';
import { replayStandingError } from '../../../src/main/app/standing-error';
import { createFakeCore } from '../../support/fake-core';

const collect = (core: ReturnType<typeof replayStandingError>): [string, unknown][] => {
  const seen: [string, unknown][] = [];
  core.onEvent((name, payload) => seen.push([name, payload]));
  return seen;
};

describe('replayStandingError', () => {
  const auth = { kind: 'auth', message: 'The server refused the API key.', action: 'Open Settings and replace the API key.' };

  it('gives a late subscriber the session error that still stands', () => {
    const fake = createFakeCore();
    const core = replayStandingError(fake);
    fake.emit('status', { connection: 'connecting' });
    fake.emit('error', auth);
    fake.emit('status', { connection: 'closed' });
    expect(collect(core)).toEqual([['error', auth]]);
  });

  it('forgets it once the session connects again', () => {
    const fake = createFakeCore();
    const core = replayStandingError(fake);
    fake.emit('error', auth);
    fake.emit('status', { connection: 'connecting' });
    expect(collect(core)).toEqual([]);
    fake.emit('error', { kind: 'connect', message: 'Cannot reach the server.' });
    fake.emit('status', { connection: 'open' });
    expect(collect(core)).toEqual([]);
  });

  it('does not replay momentary errors, and forwards live events unchanged', () => {
    const fake = createFakeCore();
    const core = replayStandingError(fake);
    fake.emit('error', { kind: 'audio', message: 'The microphone is not working.' });
    const seen = collect(core);
    expect(seen).toEqual([]);
    fake.emit('notice', { message: 'hi' });
    expect(seen).toEqual([['notice', { message: 'hi' }]]);
    core.close();
  });
});
