// The shell's IPC transport, against typed stand-ins of Electron's objects: only the app's own
// window, main frame and page may call the core.
import { EventEmitter } from 'node:events';
import type { BrowserWindow, IpcMain, IpcMainInvokeEvent } from 'electron';
import { describe, expect, it } from 'vitest';
import type { AppCore } from '../../../src/main/app/core';
import { isTrustedSender, serveCoreOverIpc } from '../../../src/main/shell/ipc-transport';
import { IPC_CHANNELS } from '../../../src/shared/ipc/contract';

const APP_URL = 'file:///opt/app/out/renderer/index.html';

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
  const events = new EventEmitter();
  let calls = 0;
  const core = {
    handlers: { getStatus: () => (calls++, { connection: 'idle' }) },
    onEvent: (l: (n: string, p: unknown) => void) => (events.on('e', l), () => events.off('e', l)),
  } as unknown as AppCore;
  const own = fakeWindow();
  const transport = serveCoreOverIpc({ ipcMain, core, windows: () => [own.win], appUrl: APP_URL });
  transport.attachWindow(own.win);
  const stop = (): void => transport.close();
  const invoke = (event: object, name: string, payload?: unknown) => handlers.get(IPC_CHANNELS.request)!(event as IpcMainInvokeEvent, name, payload);
  return { own, invoke, events, stop, handlers, calls: () => calls };
}

describe('isTrustedSender', () => {
  it('accepts the main frame of an app window on the app page, ignoring hash and query', () => {
    const { win, webContents, mainFrame } = fakeWindow(`${APP_URL}#settings`);
    expect(isTrustedSender({ sender: webContents, senderFrame: mainFrame } as never, [win], APP_URL)).toBe(true);
  });

  it('refuses subframes, foreign windows, other pages and destroyed frames', () => {
    const own = fakeWindow();
    const other = fakeWindow();
    const sub = { url: APP_URL };
    expect(isTrustedSender({ sender: own.webContents, senderFrame: sub } as never, [own.win], APP_URL)).toBe(false);
    expect(isTrustedSender({ sender: other.webContents, senderFrame: other.mainFrame } as never, [own.win], APP_URL)).toBe(false);
    const evil = fakeWindow('https://evil.example/index.html');
    expect(isTrustedSender({ sender: evil.webContents, senderFrame: evil.mainFrame } as never, [evil.win], APP_URL)).toBe(false);
    expect(isTrustedSender({ sender: own.webContents, senderFrame: null } as never, [own.win], APP_URL)).toBe(false);
  });
});

describe('serveCoreOverIpc', () => {
  it('dispatches requests from the app window and refuses others without calling the core', async () => {
    const { own, invoke, calls } = setup();
    expect(await invoke({ sender: own.webContents, senderFrame: own.mainFrame }, 'getStatus')).toEqual({ ok: true, value: { connection: 'idle' } });
    const stranger = fakeWindow();
    expect(await invoke({ sender: stranger.webContents, senderFrame: stranger.mainFrame }, 'getStatus')).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(calls()).toBe(1);
  });

  it('rejects unknown requests and invalid payloads with typed errors', async () => {
    const { own, invoke } = setup();
    const sender = { sender: own.webContents, senderFrame: own.mainFrame };
    expect(await invoke(sender, 'rm -rf')).toMatchObject({ ok: false, error: { code: 'unknown_request' } });
    expect(await invoke(sender, 'sendText', { text: 42 })).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
  });

  it('forwards core events to an attached window once its page has loaded, and stops cleanly', () => {
    const { own, events, stop, handlers } = setup();
    events.emit('e', 'notice', { message: 'before load' });
    own.webContents.emit('did-finish-load');
    events.emit('e', 'notice', { message: 'hi' });
    expect(own.sent).toEqual([[IPC_CHANNELS.event, 'notice', { message: 'hi' }]]);
    stop();
    events.emit('e', 'notice', { message: 'after' });
    expect(own.sent).toHaveLength(1);
    expect(handlers.size).toBe(0);
  });

  it('tells a page that loads late about a session error that still stands', () => {
    const { own, events } = setup();
    const refused = { kind: 'auth', message: 'The server refused the API key.' };
    events.emit('e', 'error', refused);
    own.webContents.emit('did-finish-load');
    expect(own.sent).toEqual([[IPC_CHANNELS.event, 'error', refused]]);
  });
});
