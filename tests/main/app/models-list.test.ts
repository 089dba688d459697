import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { listModels } from '../../../src/main/app/models-list';

const KEY = 'sk-models-test-key-123456';

interface Recorder {
  port: number;
  origin: string;
  endpoint: string;
  requests: IncomingHttpHeaders[];
}

const servers: Server[] = [];

/** A tiny /v1/models server that records the headers of every request; `redirectTo` makes it answer 302. */
async function modelsServer(redirectTo?: () => string): Promise<Recorder> {
  const requests: IncomingHttpHeaders[] = [];
  const server = createServer((req, res) => {
    requests.push(req.headers);
    if (redirectTo) {
      res.writeHead(302, { Location: redirectTo() }).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data: [{ id: 'chat-model' }, { id: 'x/realtime-model' }] }));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { port, origin: `ws://127.0.0.1:${port}`, endpoint: `ws://127.0.0.1:${port}/v1/realtime`, requests };
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

describe('listModels', () => {
  it('sends the key to the origin it is bound to', async () => {
    const server = await modelsServer();
    expect(await listModels(server.endpoint, { key: KEY, origin: server.origin })).toEqual({ models: ['x/realtime-model', 'chat-model'] });
    expect(server.requests.map((h) => h.authorization)).toEqual([`Bearer ${KEY}`]);
  });

  it('asks nothing of a host the key is not bound to, and says why', async () => {
    const bound = await modelsServer();
    const other = await modelsServer();
    const list = await listModels(other.endpoint, { key: KEY, origin: bound.origin });
    expect(list.models).toEqual([]);
    expect(list.error).toContain(`was given for 127.0.0.1:${bound.port}, not 127.0.0.1:${other.port}`);
    expect(list.error).not.toContain(KEY);
    expect(other.requests).toEqual([]);
    const unbound = await listModels(other.endpoint, { key: KEY, origin: null });
    expect(unbound.error).toMatch(/not confirmed for/);
    expect(other.requests).toEqual([]);
  });

  it('lists without a key when there is none', async () => {
    const server = await modelsServer();
    expect((await listModels(server.endpoint, null)).models).toHaveLength(2);
    expect(server.requests[0]?.authorization).toBeUndefined();
  });

  it('never follows a redirect with the key', async () => {
    const target = await modelsServer();
    const redirecting = await modelsServer(() => `http://127.0.0.1:${target.port}/v1/models`);
    const list = await listModels(redirecting.endpoint, { key: KEY, origin: redirecting.origin });
    expect(list.models).toEqual([]);
    expect(list.error).toMatch(/redirect/);
    expect(redirecting.requests).toHaveLength(1);
    expect(target.requests).toEqual([]);
  });
});
