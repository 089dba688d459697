/* eslint-disable @typescript-eslint/ban-ts-comment */
// @ts-nocheck -- renderer sources belong to tsconfig.web.json; the node project (which globs tests/**) cannot
// include them without TS6307, so these files are type-checked by neither until the configs split them.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createWebBridge, retryDelay, takeTokenFromAddress, type BridgeWindow, type LinkState } from '../../../../src/renderer/src/bridge/web-bridge';

class FakeSocket {
  static readonly OPEN = 1;
  static instances: FakeSocket[] = [];
  readonly OPEN = 1;
  readyState = 0;
  sent: Record<string, unknown>[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((message: { data: unknown }) => void) | null = null;
  onclose: (() => void) | null = null;

  constructor(readonly url: string) {
    FakeSocket.instances.push(this);
  }

  send(data: string): void {
    this.sent.push(JSON.parse(data) as Record<string, unknown>);
  }

  close(): void {
    this.drop();
  }

  open(): void {
    this.readyState = 1;
    this.onopen?.();
  }

  receive(frame: unknown): void {
    this.onmessage?.({ data: typeof frame === 'string' ? frame : JSON.stringify(frame) });
  }

  drop(): void {
    if (this.readyState === 3) return;
    this.readyState = 3;
    this.onclose?.();
  }
}

function fakeWindow(address: string): BridgeWindow & { replaced: string[] } {
  let url = new URL(address);
  const replaced: string[] = [];
  return {
    replaced,
    get location() {
      return { href: url.href, host: url.host, protocol: url.protocol } as Location;
    },
    history: {
      state: null,
      replaceState: (_state: unknown, _title: string, next: string) => {
        replaced.push(next);
        url = new URL(next, url);
      },
    } as unknown as History,
    WebSocket: FakeSocket as unknown as typeof WebSocket,
  };
}

const last = (): FakeSocket => FakeSocket.instances.at(-1)!;

beforeEach(() => {
  FakeSocket.instances = [];
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('takeTokenFromAddress', () => {
  it('returns the token and removes only it from the address', () => {
    const win = fakeWindow('http://127.0.0.1:4000/?x=1&token=T0k3n&y=2#part');
    expect(takeTokenFromAddress(win)).toBe('T0k3n');
    expect(win.replaced).toEqual(['/?x=1&y=2#part']);
    expect(win.location.href).not.toContain('T0k3n');
  });

  it('returns null and leaves the address alone without a token', () => {
    const win = fakeWindow('http://127.0.0.1:4000/');
    expect(takeTokenFromAddress(win)).toBeNull();
    expect(win.replaced).toEqual([]);
  });
});

describe('createWebBridge', () => {
  it('connects to /ipc on the same host with the token, and strips it from the address', () => {
    const win = fakeWindow('http://127.0.0.1:4000/?token=a%2Bb');
    const bridge = createWebBridge(win);
    expect(last().url).toBe('ws://127.0.0.1:4000/ipc?token=a%2Bb');
    expect(win.location.href).toBe('http://127.0.0.1:4000/');
    expect(bridge.link).toEqual({ kind: 'connecting' });
    bridge.close();
  });

  it('sends requests queued while connecting once the socket opens, and resolves their replies', async () => {
    const bridge = createWebBridge(fakeWindow('http://127.0.0.1:4000/?token=t'));
    const status = bridge.api.getStatus();
    const sent = bridge.api.sendText({ text: 'hi' });
    expect(last().sent).toEqual([]);
    last().open();
    expect(last().sent.map((f) => f.name)).toEqual(['getStatus', 'sendText']);
    const [first, second] = last().sent as { id: number }[];
    last().receive({ id: second!.id, result: { ok: true, value: { ok: true } } });
    last().receive({ id: first!.id, result: { ok: false, error: { code: 'failed', message: 'nope' } } });
    await expect(sent).resolves.toEqual({ ok: true });
    await expect(status).rejects.toMatchObject({ name: 'AssistantError', code: 'failed', message: 'nope' });
    bridge.close();
  });

  it('reads replies with the shared frame schema: issues reach the caller, an unreadable result still settles', async () => {
    const bridge = createWebBridge(fakeWindow('http://127.0.0.1:4000/?token=t'));
    last().open();
    const refused = bridge.api.updateSettings({ vadThreshold: 2 });
    const garbled = bridge.api.getStatus();
    const [first, second] = last().sent as { id: number }[];
    const issues = [{ path: 'vadThreshold', message: 'Too big' }];
    last().receive({ id: null, result: { ok: false, error: { code: 'invalid_payload', message: 'not for anyone' } } });
    last().receive({ id: first!.id, result: { ok: false, error: { code: 'invalid_payload', message: 'Invalid updateSettings request', issues } } });
    last().receive({ id: second!.id, result: { ok: 'maybe' } });
    await expect(refused).rejects.toMatchObject({ name: 'AssistantError', code: 'invalid_payload', issues });
    await expect(garbled).rejects.toThrow(/unreadable reply/);
    bridge.close();
  });

  it('delivers valid events to subscribers and drops invalid or unknown ones', () => {
    const bridge = createWebBridge(fakeWindow('http://127.0.0.1:4000/?token=t'));
    last().open();
    const notices: unknown[] = [];
    const off = bridge.api.on('notice', (payload) => notices.push(payload));
    last().receive({ event: 'notice', payload: { message: 'one' } });
    last().receive({ event: 'notice', payload: { message: 42 } });
    last().receive({ event: 'nonsense', payload: {} });
    last().receive('not json');
    off();
    last().receive({ event: 'notice', payload: { message: 'after unsubscribe' } });
    expect(notices).toEqual([{ message: 'one' }]);
    bridge.close();
  });

  it('fails requests in flight when the socket drops, then reconnects with backoff', async () => {
    const bridge = createWebBridge(fakeWindow('http://127.0.0.1:4000/?token=t'));
    const links: LinkState['kind'][] = [];
    bridge.onLinkChange((link) => links.push(link.kind));
    last().open();
    const pending = bridge.api.getSettings();
    last().drop();
    await expect(pending).rejects.toThrow(/connection to the assistant was lost/);
    expect(bridge.link.kind).toBe('retrying');
    expect(FakeSocket.instances).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(FakeSocket.instances).toHaveLength(2);
    expect(last().url).toBe('ws://127.0.0.1:4000/ipc?token=t');
    last().open();
    expect(links).toEqual(['open', 'retrying', 'open']);
    bridge.close();
  });

  it('gives up on a queued request when the link stays down', async () => {
    const bridge = createWebBridge(fakeWindow('http://127.0.0.1:4000/?token=t'));
    const waiting = bridge.api.getStatus();
    const settled = expect(waiting).rejects.toThrow(/not reachable/);
    await vi.advanceTimersByTimeAsync(11_000);
    await settled;
    last().open();
    expect(last().sent).toEqual([]);
    bridge.close();
  });

  it('without a token, opens nothing and explains', async () => {
    const bridge = createWebBridge(fakeWindow('http://127.0.0.1:4000/'));
    expect(FakeSocket.instances).toHaveLength(0);
    expect(bridge.link).toEqual({ kind: 'no-token' });
    await expect(bridge.api.getStatus()).rejects.toThrow(/access token/);
  });
});

describe('retryDelay', () => {
  it('grows from half a second to at most eight, with jitter in the upper half', () => {
    expect(retryDelay(1, () => 0)).toBe(250);
    expect(retryDelay(1, () => 1)).toBe(500);
    expect(retryDelay(3, () => 1)).toBe(2000);
    expect(retryDelay(20, () => 1)).toBe(8000);
    expect(retryDelay(20, () => 0)).toBe(4000);
  });
});
