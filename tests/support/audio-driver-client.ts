// Test-side handle on audio-driver.ts: spawns it with a private PulseAudio's env and turns its IPC
// messages into awaited calls and awaitable events.
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { fileURLToPath } from 'node:url';

const DRIVER = fileURLToPath(new URL('./audio-driver.ts', import.meta.url));

interface Reply {
  id?: number;
  ok?: boolean;
  result?: unknown;
  error?: string;
  event?: boolean;
  name?: string;
  args?: unknown[];
  ready?: boolean;
}

export class AudioDriver {
  readonly events = new EventEmitter();
  /** Every event so far, in order, for assertions after the fact. */
  readonly log: { name: string; args: unknown[] }[] = [];
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private output = '';

  private constructor(private readonly child: ChildProcess) {
    child.on('message', (m: Reply) => {
      if (m.event && m.name) {
        this.log.push({ name: m.name, args: m.args ?? [] });
        this.events.emit(m.name, ...(m.args ?? []));
      } else if (m.id !== undefined) {
        const p = this.pending.get(m.id);
        this.pending.delete(m.id);
        if (m.ok) p?.resolve(m.result);
        else p?.reject(new Error(m.error));
      }
    });
    const keep = (d: Buffer): void => {
      this.output = (this.output + d.toString()).slice(-8000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.once('exit', (code, signal) => {
      for (const p of this.pending.values()) p.reject(new Error(`audio driver exited (${code ?? signal}); last output:\n${this.output}`));
      this.pending.clear();
    });
  }

  /** The driver's process id. */
  get pid(): number {
    return this.child.pid!;
  }

  static async spawn(env: NodeJS.ProcessEnv): Promise<AudioDriver> {
    const child = fork(DRIVER, [], {
      execArgv: ['--import', 'tsx', '--expose-gc'],
      env,
      serialization: 'advanced', // Buffers cross intact
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    const driver = new AudioDriver(child);
    await new Promise<void>((resolve, reject) => {
      const onMsg = (m: Reply): void => {
        if (m.ready) {
          child.off('message', onMsg);
          resolve();
        }
      };
      child.on('message', onMsg);
      child.once('exit', (code) => reject(new Error(`audio driver failed to start (${code}): ${driver.output}`)));
    });
    return driver;
  }

  /** Last stdout/stderr of the child (PortAudio/ALSA noise), for failure messages. */
  get recentOutput(): string {
    return this.output;
  }

  call<T = unknown>(op: string, args: Record<string, unknown> = {}): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.child.send({ id, op, args });
    });
  }

  /** Resolves with the args of the next (or an already logged, from index `since`) event named `name`. */
  waitEvent(name: string, timeoutMs = 20_000, since = this.log.length): Promise<unknown[]> {
    const earlier = this.log.slice(since).find((e) => e.name === name);
    if (earlier) return Promise.resolve(earlier.args);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.events.off(name, on);
        reject(new Error(`no '${name}' event within ${timeoutMs} ms; last output:\n${this.output}`));
      }, timeoutMs);
      const on = (...args: unknown[]): void => {
        clearTimeout(timer);
        resolve(args);
      };
      this.events.once(name, on);
    });
  }

  async close(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    await this.call('exit').catch(() => undefined);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }
}
