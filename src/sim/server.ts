// The listening side: an http(s) server on 127.0.0.1, upgrades on /v1/realtime only, the key check
// (HTTP 401 before any WebSocket exists) and the registry behind RunningSimulator.
import { createServer as createHttpServer, STATUS_CODES, type IncomingMessage, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { Socket } from 'node:net';
import { WebSocketServer } from 'ws';
import { SimConnection } from './connection';
import { FaultState } from './faults';
import type { RunningSimulator, SimulatorConnectionInfo, SimulatorOptions } from './types';
import { findKey, keyMatches, redactHeaders, selectProtocol, wantsBeta } from './upgrade-auth';

const PATH = '/v1/realtime';
const DEFAULT_MODEL = 'sim-realtime';

function refuse(socket: Socket, status: number, message: string, code: string): void {
  const body = JSON.stringify({ error: { message, type: 'invalid_request_error', code } });
  const reason = STATUS_CODES[status] ?? 'Error';
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

export async function startSimulator(opts: SimulatorOptions = {}): Promise<RunningSimulator> {
  const dialect = opts.dialect ?? 'beta';
  const faults = new FaultState(opts.pace ?? 1);
  const log = opts.verbose ? (line: string) => process.stderr.write(`${line}\n`) : () => undefined;
  const connections: SimConnection[] = [];
  const sockets = new Set<Socket>();
  let rejected = 0;

  const server: Server = opts.tls ? createHttpsServer({ key: opts.tls.key, cert: opts.tls.cert }) : createHttpServer();
  const wss = new WebSocketServer({ noServer: true, handleProtocols: (protocols) => selectProtocol(protocols) });

  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('request', (_req, res) => {
    res.writeHead(426, { 'Content-Type': 'text/plain' }).end('WebSocket upgrade required on /v1/realtime\n');
  });
  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname.replace(/\/+$/, '') !== PATH) {
      rejected++;
      return refuse(socket, 404, `No WebSocket endpoint at ${url.pathname}.`, 'not_found');
    }
    const injected = faults.takeUpgradeRefusal();
    if (injected !== null) {
      rejected++;
      return refuse(socket, injected, `Injected refusal (HTTP ${injected}).`, 'sim_refused_upgrade');
    }
    const found = findKey(req, url);
    if (opts.requireKey !== undefined && !keyMatches(found.key, opts.requireKey)) {
      rejected++;
      log(`sim: refused upgrade (auth ${found.auth}): wrong or missing key`);
      return refuse(socket, 401, 'Incorrect or missing API key.', 'invalid_api_key');
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const info: SimulatorConnectionInfo = {
        id: connections.length + 1,
        auth: found.auth,
        received: [],
        headers: redactHeaders(req.headers),
      };
      const conn = new SimConnection(ws, info, {
        dialect,
        model: url.searchParams.get('model') || DEFAULT_MODEL,
        faults,
        key: found.key,
        refuseBeta: dialect === 'ga' && wantsBeta(req),
        recordReceived: opts.recordReceived ?? true,
        log,
      });
      connections.push(conn);
      conn.start();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  let closing: Promise<void> | null = null;

  return {
    url: `${opts.tls ? 'wss' : 'ws'}://127.0.0.1:${port}${PATH}`,
    port,
    inject: (fault) => faults.apply(fault, connections.filter((c) => c.isOpen)),
    connections: () => connections.map((c) => ({ ...c.info, received: [...c.info.received] })),
    rejectedUpgrades: () => rejected,
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        for (const c of connections) c.terminate();
        wss.close();
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      });
      return closing;
    },
  };
}
