import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator } from '../../src/sim/index';
import type { RunningSimulator } from '../../src/sim/types';
import { SimClient, appendAll, audioOf, sine } from '../support/sim-client';

let sim: RunningSimulator;
afterEach(async () => {
  await sim?.close();
});

async function audioAfterCancel(lateMs: number): Promise<{ beforeCancel: number; total: number; status: unknown }> {
  // Slow pacing: the next regular delta is 500 ms away, far more than a cancel takes to arrive.
  sim = await startSimulator({ port: 0, pace: 0.2 });
  if (lateMs) sim.inject({ kind: 'late-deltas', ms: lateMs });
  const client = await SimClient.connect(sim.url);
  await client.next('session.created');
  client.send({ type: 'session.update', session: { turn_detection: null } });
  await client.next('session.updated');
  appendAll(client, sine(3000));
  client.send({ type: 'input_audio_buffer.commit' });
  client.send({ type: 'response.create' });
  await client.next('response.audio.delta');
  const beforeCancel = audioOf(client.frames, 'response.audio.delta').length;
  client.send({ type: 'response.cancel' });
  const done = await client.next('response.done');
  const total = audioOf(client.frames, 'response.audio.delta').length;
  await client.close();
  return { beforeCancel, total, status: (done.response as { status?: unknown }).status };
}

describe('late-deltas fault', () => {
  it('sends the deltas that were in flight before closing the response as cancelled', async () => {
    const { beforeCancel, total, status } = await audioAfterCancel(300);
    expect(status).toBe('cancelled');
    expect(total - beforeCancel).toBe(300 * 48);
  });

  it('sends nothing after the cancel without the fault', async () => {
    const { beforeCancel, total } = await audioAfterCancel(0);
    expect(total).toBe(beforeCancel);
  });
});
