// The response gate with fake timers and a stand-in session: one response at a time, and a response that
// stops making progress is cancelled and the gate released.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ResponseGate } from '../../../src/main/assistant/response-gate';
import { DEFAULT_STALL_MS } from '../../../src/main/assistant/stall-watchdog';
import type { ServerEvent } from '../../../src/shared/protocol/events';
import { FakeSession } from '../../support/fake-session';

const created = (id: string): ServerEvent => ({ type: 'response.created', response: { id, status: 'in_progress' } });
const done = (id: string): ServerEvent => ({ type: 'response.done', response: { id, status: 'completed' } });
const textDelta = (responseId: string): ServerEvent => ({ type: 'response.text.delta', response_id: responseId, item_id: 'i', output_index: 0, content_index: 0, delta: 'x' });

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

function setup(stallMs?: number) {
  const session = new FakeSession();
  const stalls: { id: string | null; notice: string }[] = [];
  const gate = new ResponseGate(session.port, (id, notice) => stalls.push({ id, notice }), stallMs);
  return { session, gate, stalls };
}

describe('ResponseGate', () => {
  it('queues a request while a response is active and sends it after response.done', () => {
    const { session, gate } = setup();
    gate.request();
    gate.observe(created('r1'));
    gate.request();
    expect(session.calls('createResponse')).toHaveLength(1);
    gate.observe(done('r1'));
    expect(session.calls('createResponse')).toHaveLength(2);
    expect(gate.busy).toBe(true);
  });

  it('cancels a response with no news for 30 s by default, releases the gate and says so', () => {
    const { session, gate, stalls } = setup();
    gate.request();
    gate.observe(created('r1'));
    vi.advanceTimersByTime(DEFAULT_STALL_MS - 1);
    expect(stalls).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(session.calls('cancelResponse')).toEqual([['r1']]);
    expect(gate.busy).toBe(false);
    expect(stalls).toEqual([{ id: 'r1', notice: 'The reply stalled: nothing came from the server for 30 s, so it was stopped. Ask again; if it keeps happening, reconnect.' }]);
  });

  it('counts from the last news of the response: its own events keep it, others do not', () => {
    const { gate, stalls } = setup(1_000);
    gate.request();
    gate.observe(created('r1'));
    for (let i = 0; i < 5; i++) {
      vi.advanceTimersByTime(900);
      gate.observe(textDelta('r1'));
    }
    // A minimal server's id-less deltas count too.
    vi.advanceTimersByTime(900);
    gate.observe(textDelta(''));
    expect(stalls).toEqual([]);
    vi.advanceTimersByTime(500);
    gate.observe(textDelta('r0'));
    gate.observe({ type: 'rate_limits.updated', rate_limits: [] });
    vi.advanceTimersByTime(500);
    expect(stalls.map((s) => s.id)).toEqual(['r1']);
  });

  it('also gives up on a request the server never answers', () => {
    const { session, gate, stalls } = setup(1_000);
    gate.request();
    vi.advanceTimersByTime(1_000);
    expect(session.calls('cancelResponse')).toEqual([[undefined]]);
    expect(stalls.map((s) => s.id)).toEqual([null]);
    expect(gate.busy).toBe(false);
  });

  it('sends the queued request on a stall, and the stalled response’s late done does not release the new one', () => {
    const { session, gate } = setup(1_000);
    gate.request();
    gate.observe(created('r1'));
    gate.request();
    vi.advanceTimersByTime(1_000);
    expect(session.calls('createResponse')).toHaveLength(2);
    gate.observe(done('r1'));
    expect(gate.busy).toBe(true);
    gate.request();
    expect(session.calls('createResponse')).toHaveLength(2);
    gate.observe(created('r2'));
    gate.observe(done('r2'));
    expect(session.calls('createResponse')).toHaveLength(3);
  });

  it('stops watching once the response is done or the gate is reset', () => {
    const { gate, stalls } = setup(1_000);
    gate.request();
    gate.observe(created('r1'));
    gate.observe(done('r1'));
    vi.advanceTimersByTime(5_000);
    gate.request();
    gate.reset();
    vi.advanceTimersByTime(5_000);
    expect(stalls).toEqual([]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a session that is down when the stall fires does not throw out of the timer', () => {
    const { session, gate, stalls } = setup(1_000);
    (session as unknown as { cancelResponse: () => never }).cancelResponse = () => {
      throw new Error('Cannot send response.cancel: the session is reconnecting, not open.');
    };
    gate.request();
    gate.observe(created('r1'));
    expect(() => vi.advanceTimersByTime(1_000)).not.toThrow();
    expect(stalls.map((s) => s.id)).toEqual(['r1']);
    expect(gate.busy).toBe(false);
  });
});
