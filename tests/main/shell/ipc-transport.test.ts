// The shell's IPC transport, against typed stand-ins of Electron's objects: only the app's own
// windows, main frames and pages (the main window's and the quick-ask popup's) may call the core.
import { EventEmitter } from 'node:events';
import type { BrowserWindow, IpcMain, IpcMainInvokeEvent } from 'electron';
import { describe, expect, it } from 'vitest';
import { APP_PAGE_URL, QUICK_PAGE_URL } from '../../../src/main/shell/app-protocol';
import { isTrustedSender, serveCoreOverIpc } from '../../../src/main/shell/ipc-transport';
import { IPC_CHANNELS } from '../../../src/shared/ipc/contract';
import { createFakeCore } from '../../support/fake-core';

const APP_URL = APP_PAGE_URL;
const APP_URLS = [APP_PAGE_URL, QUICK_PAGE_URL];

function fakeWindow(url = APP_URL) {
  const mainFrame = { url };
  const sent: unknown[][] = [];
  const webContents = Object.assign(new EventEmitter(), { mainFrame, send: (...args: unknown[]) => sent.push(args) });
  const win = Object.assign(new EventEmitter(), { webContents, isDestroyed: () => false }) as unknown as BrowserWindow;
  return { win, webContents, mainFrame, sent };
}

type Invoke = (event: Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>, ...args: unknown[]) => Promise<unknown>;

function setup() {
  const handlers = new Map<string, Invoke>();
  const ipcMain = { handle: (ch: string, fn: Invoke) => handlers.set(ch, fn), removeHandler: (ch: string) => handlers.delete(ch) } as unknown as IpcMain;
  const core = createFakeCore({ startTalking: () => ({ ok: true }) });
  const own = fakeWindow();
  const second = fakeWindow();
  const transport = serveCoreOverIpc({ ipcMain, core, windows: () => [own.win, second.win], appUrls: APP_URLS });
  transport.attachWindow(own.win);
  transport.attachWindow(second.win);
  const stop = (): void => transport.close();
  const invoke = (event: object, name: string, payload?: unknown) => handlers.get(IPC_CHANNELS.request)!(event as IpcMainInvokeEvent, name, payload);
  const from = (window: ReturnType<typeof fakeWindow>) => ({ sender: window.webContents, senderFrame: window.mainFrame });
  return { own, second, invoke, from, core, stop, handlers };
}

describe('isTrustedSender', () => {
  it('accepts the main frame of an app window on the app page, ignoring hash and query', () => {
    const { win, webContents, mainFrame } = fakeWindow(`${APP_URL}#settings`);
    expect(isTrustedSender({ sender: webContents, senderFrame: mainFrame } as never, [win], APP_URLS)).toBe(true);
  });

  it('accepts the quick-ask popup on its page, and no page that only resembles one of the two', () => {
    const quick = fakeWindow(`${QUICK_PAGE_URL}?x=1`);
    expect(isTrustedSender({ sender: quick.webContents, senderFrame: quick.mainFrame } as never, [quick.win], APP_URLS)).toBe(true);
    for (const url of ['app://renderer/quick', 'app://renderer/quick.html.html', 'app://renderer/assets/quick.html', 'app://renderer//quick.html', 'app://elsewhere/quick.html']) {
      const look = fakeWindow(url);
      expect(isTrustedSender({ sender: look.webContents, senderFrame: look.mainFrame } as never, [look.win], APP_URLS), url).toBe(false);
    }
    // Only the pages it is given: a transport told of the main page alone refuses the popup.
    expect(isTrustedSender({ sender: quick.webContents, senderFrame: quick.mainFrame } as never, [quick.win], [APP_PAGE_URL])).toBe(false);
  });

  it('refuses subframes, foreign windows, other pages and destroyed frames', () => {
    const own = fakeWindow();
    const other = fakeWindow();
    const sub = { url: APP_URL };
    expect(isTrustedSender({ sender: own.webContents, senderFrame: sub } as never, [own.win], APP_URLS)).toBe(false);
    expect(isTrustedSender({ sender: other.webContents, senderFrame: other.mainFrame } as never, [own.win], APP_URLS)).toBe(false);
    const evil = fakeWindow('https://evil.example/index.html');
    // The same built page opened from disk is not the app page.
    const fromDisk = fakeWindow('file:///opt/app/out/renderer/index.html');
    expect(isTrustedSender({ sender: fromDisk.webContents, senderFrame: fromDisk.mainFrame } as never, [fromDisk.win], APP_URLS)).toBe(false);
    const otherPage = fakeWindow('app://renderer/other.html');
    expect(isTrustedSender({ sender: otherPage.webContents, senderFrame: otherPage.mainFrame } as never, [otherPage.win], APP_URLS)).toBe(false);
    expect(isTrustedSender({ sender: evil.webContents, senderFrame: evil.mainFrame } as never, [evil.win], APP_URLS)).toBe(false);
    expect(isTrustedSender({ sender: own.webContents, senderFrame: null } as never, [own.win], APP_URLS)).toBe(false);
  });
});

describe('serveCoreOverIpc', () => {
  it('dispatches requests from the app window and refuses others without calling the core', async () => {
    const { own, invoke, core } = setup();
    expect(await invoke({ sender: own.webContents, senderFrame: own.mainFrame }, 'getStatus')).toMatchObject({ ok: true, value: { connection: 'idle' } });
    const stranger = fakeWindow();
    expect(await invoke({ sender: stranger.webContents, senderFrame: stranger.mainFrame }, 'getStatus')).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(core.calls).toHaveLength(1);
  });

  it('rejects unknown requests and invalid payloads with typed errors', async () => {
    const { own, invoke } = setup();
    const sender = { sender: own.webContents, senderFrame: own.mainFrame };
    expect(await invoke(sender, 'rm -rf')).toMatchObject({ ok: false, error: { code: 'unknown_request' } });
    expect(await invoke(sender, 'sendText', { text: 42 })).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
  });

  it('forwards core events to an attached window once its page has loaded, and stops cleanly', () => {
    const { own, core, stop, handlers } = setup();
    core.emit('notice', { message: 'before load' });
    own.webContents.emit('did-finish-load');
    core.emit('notice', { message: 'hi' });
    expect(own.sent).toEqual([[IPC_CHANNELS.event, 'notice', { message: 'hi' }]]);
    stop();
    core.emit('notice', { message: 'after' });
    expect(own.sent).toHaveLength(1);
    expect(handlers.size).toBe(0);
  });

  it('tells a page that loads late about a session error that still stands', () => {
    const { own, core } = setup();
    const refused = { kind: 'auth', message: 'The server refused the API key.' };
    core.emit('error', refused);
    own.webContents.emit('did-finish-load');
    expect(own.sent).toEqual([[IPC_CHANNELS.event, 'error', refused]]);
  });

  it('serves the quick-ask popup as a client of its own', async () => {
    const handlers = new Map<string, Invoke>();
    const ipcMain = { handle: (ch: string, fn: Invoke) => handlers.set(ch, fn), removeHandler: (ch: string) => handlers.delete(ch) } as unknown as IpcMain;
    const core = createFakeCore();
    const main = fakeWindow();
    const quick = fakeWindow(QUICK_PAGE_URL);
    serveCoreOverIpc({ ipcMain, core, windows: () => [main.win, quick.win], appUrls: APP_URLS });
    const invoke = (w: ReturnType<typeof fakeWindow>) => handlers.get(IPC_CHANNELS.request)!({ sender: w.webContents, senderFrame: w.mainFrame } as unknown as IpcMainInvokeEvent, 'getStatus');
    expect(await invoke(quick)).toMatchObject({ ok: true });
    expect(await invoke(main)).toMatchObject({ ok: true });
    expect(core.calls[0]!.client).not.toBe(core.calls[1]!.client);
  });

  it('makes each window one client of the core', async () => {
    const { own, second, invoke, from, core } = setup();
    await invoke(from(own), 'startTalking');
    await invoke(from(own), 'getStatus');
    await invoke(from(second), 'getStatus');
    const [a, b, c] = core.calls.map((call) => call.client);
    expect(a).toBe(b);
    expect(c).not.toBe(a);
    expect(core.disconnected).toEqual([]);
  });

  const leaving: [string, (w: ReturnType<typeof fakeWindow>) => void][] = [
    ['its page reloads or navigates', (w) => w.webContents.emit('did-start-navigation', { isMainFrame: true, isSameDocument: false })],
    ['its renderer process goes', (w) => w.webContents.emit('render-process-gone', {}, { reason: 'crashed' })],
    ['its window closes', (w) => w.webContents.emit('destroyed')],
  ];
  it.each(leaving)('disconnects the client when %s, and the next page load is a new client', async (_what, leave) => {
    const { own, second, invoke, from, core } = setup();
    await invoke(from(own), 'startTalking');
    await invoke(from(second), 'getStatus');
    const [first, other] = core.calls.map((call) => call.client);
    leave(own);
    expect(core.disconnected).toEqual([first]);
    leave(own); // told twice, it disconnects once
    expect(core.disconnected).toEqual([first]);
    await invoke(from(own), 'getStatus');
    const next = core.calls.at(-1)!.client;
    expect(next).not.toBe(first);
    expect(core.connected).toEqual(new Set([other, next]));
  });

  it('keeps the client through in-page navigation and subframe loads', async () => {
    const { own, invoke, from, core } = setup();
    await invoke(from(own), 'getStatus');
    own.webContents.emit('did-start-navigation', { isMainFrame: true, isSameDocument: true });
    own.webContents.emit('did-start-navigation', { isMainFrame: false, isSameDocument: false });
    await invoke(from(own), 'getStatus');
    expect(core.disconnected).toEqual([]);
    expect(core.calls[0]!.client).toBe(core.calls[1]!.client);
  });

  it('disconnects every window when it stops', async () => {
    const { own, second, invoke, from, core, stop } = setup();
    await invoke(from(own), 'getStatus');
    await invoke(from(second), 'getStatus');
    stop();
    expect(core.connected.size).toBe(0);
    expect(core.disconnected).toHaveLength(2);
  });
});
