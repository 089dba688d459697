// 100 open/close cycles of capture and of playback in one process: none may hang, and memory, handles
// and file descriptors must come back to where they were (bounds are generous: allocators keep pages).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPulse } from '../../support/pulse';
import type { PulseServer } from '../../support/pulse';
import { AudioDriver } from '../../support/audio-driver-client';

interface Stats {
  rss: number;
  heapUsed: number;
  handles: number;
  fds: number;
}

interface CycleReport {
  before: Stats;
  after: Stats;
  timesMs: number[];
  failures: string[];
}

const MiB = 2 ** 20;

describe('open/close cycles', () => {
  let server: PulseServer;
  let driver: AudioDriver;

  beforeAll(async () => {
    server = await startPulse();
    driver = await AudioDriver.spawn(server.env);
    // One warm-up cycle of each, so one-time allocations (PortAudio, ALSA config, WASM) are not counted.
    await driver.call('cycles', { kind: 'capture', n: 1 });
    await driver.call('cycles', { kind: 'playback', n: 1 });
  }, 60_000);

  afterAll(async () => {
    await driver?.close();
    await server?.stop();
  });

  for (const kind of ['capture', 'playback'] as const) {
    it(`${kind}: 100 cycles without hang or leak`, { timeout: 300_000 }, async () => {
      const r = await driver.call<CycleReport>('cycles', { kind, n: 100 });
      expect(r.timesMs).toHaveLength(100);
      expect(r.failures).toEqual([]);
      expect(r.after.handles).toBeLessThanOrEqual(r.before.handles + 2);
      expect(r.after.fds).toBeLessThanOrEqual(r.before.fds + 4);
      expect((r.after.rss - r.before.rss) / MiB).toBeLessThan(40);
      // Every stream was closed: PortAudio can re-enumerate again.
      expect((await driver.call<{ fresh: boolean }>('devices')).fresh).toBe(true);
    });
  }
});
