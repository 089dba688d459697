// The renderer's `window.assistant` outside Electron: the same contract over web mode's loopback
// WebSocket. The access token comes from the page address once, is removed from the address bar at
// once, and lives only in this closure (no storage), so it is not in history, bookmarks or Referer.
import { buildAssistantApi, type AssistantApi } from '../../../shared/ipc/api';
import type { EventName, RequestName } from '../../../shared/ipc/contract';
import type { IpcResult } from '../../../shared/ipc/envelope';
import { parseServerFrame } from '../../../shared/ipc/frames';

export type LinkState =
  | { kind: 'connecting' }
  | { kind: 'open' }
  /** The socket dropped; the next attempt is at `retryAt` (ms epoch). `attempts` counts failures in a row. */
  | { kind: 'retrying'; retryAt: number; attempts: number }
  /** The page was opened without a token: nothing can be done but opening the printed address. */
  | { kind: 'no-token' };

export interface WebBridge {
  api: AssistantApi;
  readonly link: LinkState;
  onLinkChange(listener: (link: LinkState) => void): () => void;
  close(): void;
}

const MIN_RETRY_MS = 500;
const MAX_RETRY_MS = 8000;
/** How long a request made while disconnected waits for the link before failing. */
const QUEUE_WAIT_MS = 10_000;

interface Pending {
  /** With the envelope, read by unwrapResult. */
  resolve: (result: unknown) => void;
  timer?: ReturnType<typeof setTimeout>;
}

const lost = (message: string): IpcResult<unknown> => ({ ok: false, error: { code: 'failed', message } });

/** Takes the token out of the address bar; returns it, or null when the page has none. */
export function takeTokenFromAddress(win: Pick<Window, 'location' | 'history'>): string | null {
  const url = new URL(win.location.href);
  const token = url.searchParams.get('token');
  if (token === null) return null;
  url.searchParams.delete('token');
  win.history.replaceState(win.history.state, '', `${url.pathname}${url.search}${url.hash}`);
  return token || null;
}

export function retryDelay(attempts: number, random: () => number = Math.random): number {
  const base = Math.min(MAX_RETRY_MS, MIN_RETRY_MS * 2 ** Math.max(0, attempts - 1));
  // Full jitter on the upper half keeps several tabs from reconnecting in lockstep.
  return Math.round(base / 2 + (random() * base) / 2);
}

/** What the bridge uses of `window`: narrow, so tests can hand it a stand-in. */
export type BridgeWindow = Pick<Window, 'location' | 'history'> & { WebSocket: typeof WebSocket };

export function createWebBridge(win: BridgeWindow = window): WebBridge {
  const token = takeTokenFromAddress(win);
  const linkListeners = new Set<(link: LinkState) => void>();
  const eventListeners = new Map<EventName, Set<(payload: unknown) => void>>();
  const pending = new Map<number, Pending>();
  const queued: { frame: string; id: number }[] = [];
  let link: LinkState = token ? { kind: 'connecting' } : { kind: 'no-token' };
  let socket: WebSocket | null = null;
  let nextId = 1;
  let failures = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let closed = false;

  const setLink = (next: LinkState): void => {
    link = next;
    for (const listener of linkListeners) listener(next);
  };

  const settle = (id: number, result: unknown): void => {
    const entry = pending.get(id);
    if (!entry) return;
    pending.delete(id);
    clearTimeout(entry.timer);
    entry.resolve(result);
  };

  const onFrame = (data: unknown): void => {
    // The core validates before sending; checking again keeps a confused server from breaking the UI.
    const frame = typeof data === 'string' ? parseServerFrame(data) : null;
    if (!frame) return;
    if ('result' in frame) {
      if (frame.id !== null) settle(frame.id, frame.result);
      return;
    }
    for (const listener of eventListeners.get(frame.event) ?? []) {
      try {
        listener(frame.payload);
      } catch (error) {
        console.error('assistant event listener failed', error);
      }
    }
  };

  const connect = (): void => {
    if (closed || !token) return;
    const scheme = win.location.protocol === 'https:' ? 'wss:' : 'ws:';
    const ws = new win.WebSocket(`${scheme}//${win.location.host}/ipc?token=${encodeURIComponent(token)}`);
    socket = ws;
    ws.onopen = () => {
      failures = 0;
      for (const { frame, id } of queued.splice(0)) {
        clearTimeout(pending.get(id)?.timer);
        ws.send(frame);
      }
      setLink({ kind: 'open' });
    };
    ws.onmessage = (message) => onFrame(message.data);
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = null;
      for (const id of [...pending.keys()]) {
        if (!queued.some((q) => q.id === id)) settle(id, lost('The connection to the assistant was lost; try again.'));
      }
      if (closed) return;
      failures += 1;
      const delay = retryDelay(failures);
      setLink({ kind: 'retrying', retryAt: Date.now() + delay, attempts: failures });
      retryTimer = setTimeout(connect, delay);
    };
  };

  const invoke = (name: RequestName, payload: unknown): Promise<unknown> =>
    new Promise((resolve) => {
      if (!token) return resolve(lost('This page was opened without its access token. Open the address printed by web mode.'));
      const id = nextId++;
      const frame = JSON.stringify(payload === undefined ? { id, name } : { id, name, payload });
      pending.set(id, { resolve });
      if (socket && socket.readyState === win.WebSocket.OPEN) {
        socket.send(frame);
        return;
      }
      queued.push({ frame, id });
      const entry = pending.get(id);
      if (entry) {
        entry.timer = setTimeout(() => {
          const at = queued.findIndex((q) => q.id === id);
          if (at >= 0) queued.splice(at, 1);
          settle(id, lost('The assistant is not reachable right now; try again in a moment.'));
        }, QUEUE_WAIT_MS);
      }
    });

  const subscribe = (event: EventName, listener: (payload: unknown) => void): (() => void) => {
    let set = eventListeners.get(event);
    if (!set) eventListeners.set(event, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  };

  connect();
  return {
    api: buildAssistantApi(invoke, subscribe),
    get link() {
      return link;
    },
    onLinkChange(listener) {
      linkListeners.add(listener);
      return () => linkListeners.delete(listener);
    },
    close() {
      closed = true;
      clearTimeout(retryTimer);
      socket?.close();
      socket = null;
    },
  };
}
