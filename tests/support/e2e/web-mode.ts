// Starts web mode exactly as a user does (`tsx src/main/web/cli.ts …`) in a child process and reads the
// one line it prints. Each test gets its own process, data folder and token.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../../..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const ENTRY = join(ROOT, 'src', 'cli', 'web.ts');

export interface RunningWebMode {
  url: string;
  origin: string;
  port: number;
  token: string;
  dataDir: string;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  stop(): Promise<void>;
}

export interface WebModeOptions {
  args?: string[];
  env?: NodeJS.ProcessEnv;
  /** Reuse a data folder (settings) from an earlier run. */
  dataDir?: string;
}

export async function makeDataDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'va-e2e-data-'));
}

export async function removeDataDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

export async function startWebMode(options: WebModeOptions = {}): Promise<RunningWebMode> {
  const dataDir = options.dataDir ?? (await makeDataDir());
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env };
  // Only what a test passes on purpose reaches the child.
  if (!options.env || !('REALTIME_API_KEY' in options.env)) delete env.REALTIME_API_KEY;
  if (!options.env || !('REALTIME_ENDPOINT' in options.env)) delete env.REALTIME_ENDPOINT;
  const child = spawn(TSX, [ENTRY, '--port', '0', '--data-dir', dataDir, ...(options.args ?? [])], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));

  const url = await new Promise<string>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`web mode did not start within 60 s:\n${output}`)), 60_000);
    const onData = (): void => {
      const match = /^web: (http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)$/m.exec(output);
      if (match) {
        clearTimeout(timer);
        done(match[1]!);
      }
    };
    child.stdout.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`web mode exited with ${code} before starting:\n${output}`));
    });
  });
  const parsed = new URL(url);
  return {
    url,
    origin: parsed.origin,
    port: Number(parsed.port),
    token: parsed.searchParams.get('token')!,
    dataDir,
    output: () => output,
    stop: () => stopChild(child, exited),
  };
}

async function stopChild(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}
