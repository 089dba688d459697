import { afterEach, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { waitUntil, waitUntilAsync } from '../support/wait';

const ROOT = resolve(import.meta.dirname, '../..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const CLI = join(ROOT, 'src', 'cli', 'web.ts');

interface Run {
  child: ChildProcess;
  output: () => { stdout: string; stderr: string };
  exited: Promise<number | null>;
}

const runs: Run[] = [];
const dirs: string[] = [];

function run(args: string[], env: NodeJS.ProcessEnv = {}): Run {
  const child = spawn(TSX, [CLI, ...args], { cwd: ROOT, env: { ...process.env, REALTIME_API_KEY: '', REALTIME_ENDPOINT: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const entry = { child, output: () => ({ stdout, stderr }), exited };
  runs.push(entry);
  return entry;
}

function waitForLine(entry: Run): Promise<string> {
  return new Promise((done, fail) => {
    const check = (): void => {
      const line = /^web: .*$/m.exec(entry.output().stdout)?.[0];
      if (!line) return;
      entry.child.stdout!.off('data', check);
      done(line);
    };
    entry.child.stdout!.on('data', check);
    void entry.exited.then(() => fail(new Error(`exited without an address line:\n${JSON.stringify(entry.output())}`)));
    check();
  });
}

async function dataDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'va-web-cli-'));
  dirs.push(dir);
  return dir;
}

afterEach(async () => {
  for (const entry of runs.splice(0)) {
    if (entry.child.exitCode === null && entry.child.signalCode === null) entry.child.kill('SIGKILL');
    await entry.exited;
  }
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

describe('npm run web', () => {
  it('prints exactly one line with the loopback address and token, and stops cleanly on SIGTERM', async () => {
    const dir = await dataDir();
    const entry = run(['--port', '0', '--data-dir', dir, '--sim']);
    const line = await waitForLine(entry);
    expect(line).toMatch(/^web: http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{43}$/);
    const url = line.slice('web: '.length);
    const page = await fetch(url);
    expect(page.status).toBe(200);
    const refused = await fetch(url.replace(/\?token=.*/, ''));
    expect(refused.status).toBe(403);
    entry.child.kill('SIGTERM');
    expect(await entry.exited).toBe(0);
    expect(entry.output().stdout.trim().split('\n')).toEqual([line]);
  });

  it('keeps settings in the data folder, and never writes run-only options or the key there', async () => {
    const dir = await dataDir();
    const key = 'cli-test-key-4411';
    const entry = run(['--data-dir', dir, '--endpoint', 'ws://127.0.0.1:9/v1/realtime', '--model', 'run/only'], { REALTIME_API_KEY: key });
    const url = (await waitForLine(entry)).slice('web: '.length);
    const token = new URL(url).searchParams.get('token')!;
    // Change one setting through the page's own channel.
    const { default: WebSocket } = await import('ws');
    const ws = new WebSocket(url.replace('http://', 'ws://').replace('/?token=', '/ipc?token='), { headers: { origin: new URL(url).origin } });
    await new Promise((done, fail) => ws.once('open', done).once('error', fail));
    ws.send(JSON.stringify({ id: 1, name: 'updateSettings', payload: { voice: 'sage' } }));
    const reply = await new Promise<string>((done) => ws.on('message', (data) => String(data).includes('"id":1') && done(String(data))));
    expect(JSON.parse(reply).result.ok).toBe(true);
    ws.close();
    entry.child.kill('SIGTERM');
    await entry.exited;
    const saved = await readFile(join(dir, 'settings.json'), 'utf8');
    expect(JSON.parse(saved).voice).toBe('sage');
    expect(saved).not.toContain('run/only');
    expect(saved).not.toContain('127.0.0.1:9');
    expect(saved).not.toContain(key);
    const { stdout, stderr } = entry.output();
    expect(stdout + stderr).not.toContain(key);
    expect(stderr).not.toContain(token);
  });

  it('starts with a damaged settings file: moves it aside, says so once, and tells the window', async () => {
    const dir = await dataDir();
    await writeFile(join(dir, 'settings.json'), '{"voice": "sage", "model": "unterminated');
    const entry = run(['--port', '0', '--data-dir', dir, '--sim']);
    const line = await waitForLine(entry);
    const aside = (await readdir(dir)).find((name) => name.startsWith('settings.json.corrupt-'));
    expect(aside).toBeDefined();
    expect(await readFile(join(dir, aside!), 'utf8')).toBe('{"voice": "sage", "model": "unterminated');
    await waitUntil(() => /^notice: .*\n/m.test(entry.output().stderr), 5000, 'the notice on stderr');
    const notices = entry.output().stderr.split('\n').filter((l) => l.startsWith('notice: '));
    expect(notices).toHaveLength(1);
    expect(notices[0]).toContain(join(dir, 'settings.json'));
    expect(notices[0]).toContain(join(dir, aside!));
    expect(entry.output().stdout.trim().split('\n')).toEqual([line]);

    // A page that connects later is told too.
    const url = line.slice('web: '.length);
    const { default: WebSocket } = await import('ws');
    const ws = new WebSocket(url.replace('http://', 'ws://').replace('/?token=', '/ipc?token='), { headers: { origin: new URL(url).origin } });
    const notice = new Promise<string>((done) => ws.on('message', (data) => String(data).includes('"event":"notice"') && done(String(data))));
    expect(JSON.parse(await notice).payload.message).toContain(join(dir, aside!));
    ws.close();
    entry.child.kill('SIGTERM');
    expect(await entry.exited).toBe(0);
  });

  it('writes what the audio libraries say to the log file in the data folder, not to the terminal', async () => {
    const dir = await dataDir();
    // No sound server can be found: alsa-lib complains about the missing card while devices are listed.
    const noSound = Object.fromEntries(Object.entries(process.env).map(([k, v]) => [k, k.startsWith('PULSE_') ? '' : v]));
    const entry = run(['--port', '0', '--data-dir', dir, '--sim'], { ...noSound, XDG_RUNTIME_DIR: dir });
    const url = (await waitForLine(entry)).slice('web: '.length);
    const { default: WebSocket } = await import('ws');
    const ws = new WebSocket(url.replace('http://', 'ws://').replace('/?token=', '/ipc?token='), { headers: { origin: new URL(url).origin } });
    await new Promise((done, fail) => ws.once('open', done).once('error', fail));
    ws.send(JSON.stringify({ id: 1, name: 'listDevices' }));
    await new Promise<void>((done) => ws.on('message', (data) => String(data).includes('"id":1') && done()));
    ws.close();
    const log = join(dir, 'logs', 'diagnostics.log');
    await waitUntilAsync(async () => /audio: ALSA lib /.test(await readFile(log, 'utf8').catch(() => '')), 5000, 'ALSA lines in the log');
    entry.child.kill('SIGTERM');
    expect(await entry.exited).toBe(0);
    const { stdout, stderr } = entry.output();
    expect((stdout + stderr).split('\n').filter((l) => /^(ALSA lib|JACK|Jack|Cannot connect to server)/.test(l))).toEqual([]);
  });

  it('explains bad options without echoing them, and exits 2', async () => {
    const entry = run(['sk-a-pasted-secret-key']);
    expect(await entry.exited).toBe(2);
    const { stdout, stderr } = entry.output();
    expect(stderr).toMatch(/Unexpected argument/);
    expect(stderr).toMatch(/usage: npm run web/);
    expect(stdout + stderr).not.toContain('sk-a-pasted-secret-key');
  });

  it('prints usage for --help', async () => {
    const entry = run(['--help']);
    expect(await entry.exited).toBe(0);
    expect(entry.output().stdout).toMatch(/usage: npm run web -- \[--port P\]/);
  });
});
