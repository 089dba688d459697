import { describe, expect, it } from 'vitest';
import { startSimulator } from '../../src/sim/index';
import { SimClient } from '../support/sim-client';

describe('recordReceived', () => {
  it.each([true, false])('records client events only when asked (%s)', async (record) => {
    const sim = await startSimulator({ port: 0, recordReceived: record });
    try {
      const client = await SimClient.connect(sim.url);
      await client.next('session.created');
      client.send({ type: 'input_audio_buffer.clear' });
      await client.next('input_audio_buffer.cleared');
      expect(sim.connections()[0]?.received.length).toBe(record ? 1 : 0);
      await client.close();
    } finally {
      await sim.close();
    }
  });
});
