// The request handlers' leases, over a stand-in context: push-to-talk and the Settings mic meter belong
// to the client that took them and end when it disconnects.
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { ClientRegistry, type ClientContext } from '../../../src/main/app/clients';
import type { CoreContext } from '../../../src/main/app/context';
import { createHandlers } from '../../../src/main/app/requests';

class StubAssistant extends EventEmitter {
  talking = false;
  async startTalking(): Promise<void> {
    this.talking = true;
  }
  async stopTalking(): Promise<void> {
    this.talking = false;
  }
}

function setup() {
  const assistant = new StubAssistant();
  const clients = new ClientRegistry();
  const meters: { deviceId: string | null; open: boolean }[] = [];
  // Set by a test to hold the microphone half-open.
  let opening: Promise<void> | null = null;
  const audio = {
    monitorInput: async (deviceId: string | null) => {
      const meter = { deviceId, open: true };
      meters.push(meter);
      await opening;
      return async () => {
        meter.open = false;
      };
    },
  };
  const ctx = { clients, audio, assistant: () => assistant, sessions: { state: 'open' }, emit: () => undefined } as unknown as CoreContext;
  const handlers = createHandlers(ctx);
  const monitor = (client: ClientContext, on: boolean, deviceId: string | null = null) => handlers.setMicMonitor({ on, deviceId }, client);
  const holdOpening = (): (() => void) => {
    let open!: () => void;
    opening = new Promise((resolve) => (open = resolve));
    return open;
  };
  return { assistant, clients, handlers, meters, monitor, holdOpening };
}

describe('push-to-talk lease', () => {
  it('ends when the client holding it disconnects', async () => {
    const { assistant, clients, handlers } = setup();
    const page = clients.connect('page');
    await handlers.startTalking(undefined, page);
    expect(assistant.talking).toBe(true);
    await clients.disconnect(page);
    expect(assistant.talking).toBe(false);
  });

  it('belongs to whoever pressed last: an earlier holder leaving does not end it', async () => {
    const { assistant, clients, handlers } = setup();
    const page = clients.connect('page');
    const hotkey = clients.connect('hotkey');
    await handlers.startTalking(undefined, page);
    await handlers.startTalking(undefined, hotkey);
    await clients.disconnect(page);
    expect(assistant.talking).toBe(true);
    await clients.disconnect(hotkey);
    expect(assistant.talking).toBe(false);
  });

  it('any client ends it, after which its holder leaving changes nothing', async () => {
    const { assistant, clients, handlers } = setup();
    const page = clients.connect('page');
    const other = clients.connect('other');
    await handlers.startTalking(undefined, page);
    await handlers.stopTalking(undefined, other);
    expect(assistant.talking).toBe(false);
    await handlers.startTalking(undefined, other);
    await clients.disconnect(page);
    expect(assistant.talking).toBe(true);
  });

  it('is not taken by a client that has already gone', async () => {
    const { assistant, clients, handlers } = setup();
    const page = clients.connect('page');
    await clients.disconnect(page);
    await handlers.startTalking(undefined, page);
    expect(assistant.talking).toBe(false);
  });
});

describe('mic monitor lease', () => {
  it('is per client: one closing its meter or leaving leaves the other running', async () => {
    const { clients, meters, monitor } = setup();
    const a = clients.connect('a');
    const b = clients.connect('b');
    await monitor(a, true, 'mic-a');
    await monitor(b, true, 'mic-b');
    await monitor(a, false);
    expect(meters.map((m) => m.open)).toEqual([false, true]);
    await monitor(a, true, 'mic-a');
    await clients.disconnect(a);
    expect(meters.map((m) => m.open)).toEqual([false, true, false]);
    await clients.disconnect(b);
    expect(meters.map((m) => m.open)).toEqual([false, false, false]);
  });

  it('switching device closes the client’s earlier meter', async () => {
    const { clients, meters, monitor } = setup();
    const a = clients.connect('a');
    await monitor(a, true, 'one');
    await monitor(a, true, 'two');
    expect(meters).toEqual([{ deviceId: 'one', open: false }, { deviceId: 'two', open: true }]);
  });

  it('is closed at once when the client left while the microphone was opening', async () => {
    const { clients, meters, monitor, holdOpening } = setup();
    const a = clients.connect('a');
    const open = holdOpening();
    const pending = monitor(a, true);
    await clients.disconnect(a);
    open();
    await pending;
    expect(meters).toEqual([{ deviceId: null, open: false }]);
  });
});
