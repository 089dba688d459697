// What opening the files turned up (a damaged settings file moved aside) reaches every page, also one
// that loads long after the core started.
import { afterEach, describe, expect, it } from 'vitest';
import { createAppCore, type AppCore } from '../../../src/main/app/core';
import { MemorySecretStore } from '../../../src/main/settings/secret-store';
import { SettingsService } from '../../../src/main/settings/settings-service';
import { FakeAudio } from '../../support/fake-audio';

const cores: AppCore[] = [];
afterEach(async () => {
  for (const core of cores.splice(0)) await core.close();
});

async function start(startupNotices?: string[]): Promise<AppCore> {
  const core = await createAppCore({ settings: new SettingsService({ store: {} }), secrets: new MemorySecretStore(null), audio: new FakeAudio(), startupNotices });
  cores.push(core);
  return core;
}

const noticesSeenBy = (core: AppCore): unknown[] => {
  const seen: unknown[] = [];
  core.onEvent((name, payload) => name === 'notice' && seen.push(payload));
  return seen;
};

describe('startup notices', () => {
  it('are told, as one notice, to every subscriber however late', async () => {
    const core = await start(['The settings file a could not be read.', 'The saved API key file b could not be read.']);
    const expected = { message: 'The settings file a could not be read. The saved API key file b could not be read.' };
    expect(noticesSeenBy(core)).toEqual([expected]);
    await new Promise((done) => setTimeout(done, 20));
    expect(noticesSeenBy(core)).toEqual([expected]);
  });

  it('are nothing when there is nothing to tell', async () => {
    expect(noticesSeenBy(await start([]))).toEqual([]);
    expect(noticesSeenBy(await start())).toEqual([]);
  });
});
