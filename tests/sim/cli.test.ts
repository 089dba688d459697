import { spawn, type ChildProcess } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { SimClient } from '../support/sim-client';

const ROOT = new URL('../../', import.meta.url).pathname;
const EXIT_WAIT_MS = 20_000;

function run(args: string[]): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
}

function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const nl = out.indexOf('\n');
      if (nl >= 0) resolve(out.slice(0, nl));
    });
    child.once('exit', (code) => reject(new Error(`exited ${code} before printing: ${err}`)));
  });
}

/** The exit code, or 'hung' if the process is still alive after a generous wait (then killed). */
function exitCode(child: ChildProcess): Promise<number | null | 'hung'> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve('hung');
    }, EXIT_WAIT_MS);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

describe('sim CLI', () => {
  it('prints its URL, serves the chosen dialect with the key check, and exits 0 on SIGTERM', async () => {
    const child = run(['src/sim/cli.ts', '--port', '0', '--dialect', 'ga', '--require-key', 'k-cli', '--pace', '0']);
    const exited = exitCode(child);
    const line = await firstLine(child);
    const match = line.match(/^sim: listening on ws:\/\/127\.0\.0\.1:(\d+)\/v1\/realtime$/);
    expect(match).not.toBeNull();
    const url = `ws://127.0.0.1:${match?.[1]}/v1/realtime`;
    await expect(SimClient.connect(url)).rejects.toThrow('HTTP 401');
    const c = await SimClient.connect(url, { headers: { Authorization: 'Bearer k-cli' } });
    expect((await c.next('session.created')).session).toMatchObject({ type: 'realtime' });
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    await c.closed;
  });

  it('refuses bad flags; --dialect takes only the wire dialects', async () => {
    for (const dialect of ['klingon', 'auto']) {
      const child = run(['src/sim/cli.ts', '--dialect', dialect]);
      expect(await exitCode(child), dialect).toBe(2);
    }
  });
});

describe('simulator lifecycle', () => {
  it('close() leaves nothing running: the process exits by itself', async () => {
    const child = run(['tests/sim/fixtures/run-and-close.ts']);
    const exited = exitCode(child);
    expect(await firstLine(child)).toBe('closed');
    expect(await exited).toBe(0);
  });
});
