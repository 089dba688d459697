import { createServer, type Server } from 'node:http';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { keepAddonBuilds, unreachable } from '../../../scripts/pack-check/io';

describe('keepAddonBuilds', () => {
  let root: string | undefined;
  afterEach(() => {
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('puts back what a rebuild replaced or deleted and removes what it added', () => {
    root = mkdtempSync(join(tmpdir(), 'pack-check-io-'));
    const release = join(root, 'sql', 'build', 'Release');
    const scoped = join(root, '@s', 'audio', 'build', 'Release');
    mkdirSync(release, { recursive: true });
    mkdirSync(scoped, { recursive: true });
    writeFileSync(join(release, 'sql.node'), 'node abi', { mode: 0o755 });
    writeFileSync(join(scoped, 'audio.node'), 'audio');
    mkdirSync(join(root, 'plain'));
    const restore = keepAddonBuilds(root);

    writeFileSync(join(release, 'sql.node'), 'electron abi');
    writeFileSync(join(release, '.forge-meta'), 'x64--145');
    rmSync(join(root, '@s', 'audio', 'build'), { recursive: true });
    restore();

    expect(readFileSync(join(release, 'sql.node'), 'utf8')).toBe('node abi');
    expect(statSync(join(release, 'sql.node')).mode & 0o777).toBe(0o755);
    expect(existsSync(join(release, '.forge-meta'))).toBe(false);
    expect(readFileSync(join(scoped, 'audio.node'), 'utf8')).toBe('audio');
    expect(existsSync(join(root, 'plain', 'build'))).toBe(false);
  });
});

describe('unreachable', () => {
  let server: Server | undefined;
  afterEach(() => server?.close());

  it('is undefined for an answering URL and says why for one that is not', async () => {
    server = createServer((request, response) => {
      response.statusCode = request.url === '/headers.tar.gz' ? 200 : 404;
      response.end();
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    expect(await unreachable(`${base}/headers.tar.gz`)).toBeUndefined();
    expect(await unreachable(`${base}/missing.tar.gz`)).toBe('HTTP 404');
    await new Promise((resolve) => server?.close(resolve));
    server = undefined;
    expect(await unreachable(`${base}/headers.tar.gz`)).toBe('ECONNREFUSED');
  });
});
