// A tiny WebSocket server for unit tests of the session client: each test scripts what the "server"
// does per connection (answer, misbehave, refuse), which the full simulator deliberately cannot.
import { createServer } from 'node:http';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import type WebSocket from 'ws';

export interface ScriptedConnection {
  index: number;
  ws: WebSocket;
  req: IncomingMessage;
  received: Record<string, unknown>[];
  /** Resolves with the next client event of this type (already received ones count). */
  nextOfType(type: string, timeoutMs?: number): Promise<Record<string, unknown>>;
  sendJson(value: unknown): void;
}

interface ScriptedServerOptions {
  /** Runs for every accepted connection. */
  onConnection?: (conn: ScriptedConnection) => void;
  /** Per upgrade: a status to refuse with, 'hang' to never answer, or null to accept. */
  upgrade?: (req: IncomingMessage, index: number) => number | 'hang' | null;
  /** false: never answer pings (a dead peer that keeps the TCP connection). */
  autoPong?: boolean;
}

export interface ScriptedServer {
  url: string;
  port: number;
  connections: ScriptedConnection[];
  upgrades: IncomingMessage[];
  nextConnection(timeoutMs?: number): Promise<ScriptedConnection>;
  close(): Promise<void>;
}

export const betaSessionCreated = (id = 'sess_beta'): Record<string, unknown> => ({
  type: 'session.created',
  event_id: `event_${id}`,
  session: { id, object: 'realtime.session', model: 'm', modalities: ['text', 'audio'], voice: 'alloy', input_audio_format: 'pcm16', output_audio_format: 'pcm16', turn_detection: null },
});

export const gaSessionCreated = (id = 'sess_ga'): Record<string, unknown> => ({
  type: 'session.created',
  event_id: `event_${id}`,
  session: { id, type: 'realtime', object: 'realtime.session', model: 'm', output_modalities: ['audio'], audio: { input: { format: { type: 'audio/pcm', rate: 24000 }, turn_detection: null }, output: { voice: 'alloy', format: { type: 'audio/pcm', rate: 24000 } } } },
});

export const errorEvent = (code: string, message = `error ${code}`): Record<string, unknown> => ({
  type: 'error',
  event_id: `event_err_${code}`,
  error: { type: 'invalid_request_error', code, message },
});

export async function startScriptedServer(options: ScriptedServerOptions = {}): Promise<ScriptedServer> {
  const wss = new WebSocketServer({ noServer: true, autoPong: options.autoPong ?? true, handleProtocols: (set) => (set.has('realtime') ? 'realtime' : false) });
  const http = createServer((_req, res) => res.writeHead(404).end());
  const connections: ScriptedConnection[] = [];
  const upgrades: IncomingMessage[] = [];
  const sockets = new Set<Duplex>();
  const waiting: ((c: ScriptedConnection) => void)[] = [];

  http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    const verdict = options.upgrade?.(req, upgrades.length) ?? null;
    upgrades.push(req);
    if (verdict === 'hang') return;
    if (typeof verdict === 'number') {
      socket.end(`HTTP/1.1 ${verdict} Refused\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const received: Record<string, unknown>[] = [];
      const listeners: (() => void)[] = [];
      ws.on('message', (data) => {
        received.push(JSON.parse(data.toString()) as Record<string, unknown>);
        for (const l of [...listeners]) l();
      });
      const conn: ScriptedConnection = {
        index: connections.length,
        ws,
        req,
        received,
        sendJson: (value) => ws.send(JSON.stringify(value)),
        nextOfType: (type, timeoutMs = 10_000) =>
          new Promise((resolve, reject) => {
            let seen = 0;
            const check = (): void => {
              for (; seen < received.length; seen++) {
                if (received[seen]!.type === type) {
                  listeners.splice(listeners.indexOf(check), 1);
                  clearTimeout(timer);
                  resolve(received[seen]!);
                  return;
                }
              }
            };
            const timer = setTimeout(() => {
              listeners.splice(listeners.indexOf(check), 1);
              reject(new Error(`no ${type} from the client within ${timeoutMs} ms`));
            }, timeoutMs);
            listeners.push(check);
            check();
          }),
      };
      connections.push(conn);
      options.onConnection?.(conn);
      waiting.splice(0).forEach((w) => w(conn));
    });
  });

  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const port = (http.address() as AddressInfo).port;
  return {
    url: `ws://127.0.0.1:${port}/v1/realtime`,
    port,
    connections,
    upgrades,
    nextConnection: (timeoutMs = 10_000) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no new connection in time')), timeoutMs);
        waiting.push((c) => {
          clearTimeout(timer);
          resolve(c);
        });
      }),
    close: async () => {
      for (const c of wss.clients) c.terminate();
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
