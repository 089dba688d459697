// With no output device at all, a spoken reply must not crash the core: the user is told why it is
// silent and the reply still completes (its text is shown).
import { describe, expect, it } from 'vitest';
import { ProbeProcess } from '../../support/probe-process';

describe('assistant without any speaker', () => {
  it('reports the audio problem in plain words and completes the reply', async () => {
    // An ALSA configuration with no devices: PortAudio lists nothing.
    const probe = ProbeProcess.start({ mode: 'ptt', halfDuplex: 'always', lateDeltasMs: 0 }, { ...process.env, ALSA_CONFIG_PATH: '/dev/null' });
    try {
      await probe.next('ready');
      probe.send({ cmd: 'ask', text: 'Hello there' });
      const problem = await probe.next('assistant-error');
      expect(problem.kind).toBe('audio');
      expect(problem.message).toMatch(/^Cannot play the reply: /);
      const done = await probe.next('response-done');
      expect(done.status).toBe('completed');
    } finally {
      await probe.quit();
    }
  }, 30_000);
});
