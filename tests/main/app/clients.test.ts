import { describe, expect, it } from 'vitest';
import { ClientRegistry } from '../../../src/main/app/clients';

function release(log: string[], name: string): () => Promise<void> {
  return async () => {
    log.push(name);
  };
}

describe('ClientRegistry', () => {
  it('gives each connection its own client and releases only its leases when it leaves', async () => {
    const registry = new ClientRegistry();
    const log: string[] = [];
    const a = registry.connect('a');
    const b = registry.connect('b');
    expect(a).not.toBe(b);
    registry.hold(a, 'micMonitor', release(log, 'a meter'));
    registry.hold(b, 'micMonitor', release(log, 'b meter'));
    await registry.disconnect(a);
    expect(log).toEqual(['a meter']);
    await registry.disconnect(a);
    expect(log).toEqual(['a meter']);
    await registry.disconnectAll();
    expect(log).toEqual(['a meter', 'b meter']);
  });

  it('refuses a lease for a client that has gone, so the caller undoes what it opened', async () => {
    const registry = new ClientRegistry();
    const log: string[] = [];
    const a = registry.connect('a');
    await registry.disconnect(a);
    expect(registry.hold(a, 'micMonitor', release(log, 'late meter'))).toBe(false);
    expect(log).toEqual([]);
  });

  it('releases the lease a client replaces, and ends one on request', async () => {
    const registry = new ClientRegistry();
    const log: string[] = [];
    const a = registry.connect('a');
    registry.hold(a, 'micMonitor', release(log, 'first'));
    registry.hold(a, 'micMonitor', release(log, 'second'));
    await Promise.resolve();
    expect(log).toEqual(['first']);
    await registry.release(a, 'micMonitor');
    expect(log).toEqual(['first', 'second']);
    await registry.disconnect(a);
    expect(log).toEqual(['first', 'second']);
  });

  it('moves a sole lease to its new holder without releasing it, and forgets it for everyone', async () => {
    const registry = new ClientRegistry();
    const log: string[] = [];
    const a = registry.connect('a');
    const b = registry.connect('b');
    registry.hold(a, 'pushToTalk', release(log, 'a talk'), { sole: true });
    registry.hold(a, 'pushToTalk', release(log, 'a talk again'), { sole: true });
    registry.hold(b, 'pushToTalk', release(log, 'b talk'), { sole: true });
    await registry.disconnect(a);
    expect(log).toEqual([]);
    registry.forget('pushToTalk');
    await registry.disconnect(b);
    expect(log).toEqual([]);
  });

  it('runs every release even when one fails', async () => {
    const registry = new ClientRegistry();
    const log: string[] = [];
    const a = registry.connect('a');
    registry.hold(a, 'pushToTalk', async () => {
      throw new Error('device gone');
    });
    registry.hold(a, 'micMonitor', release(log, 'meter'));
    await expect(registry.disconnect(a)).resolves.toBeUndefined();
    expect(log).toEqual(['meter']);
  });
});
