// Runs assistant-probe.ts in a child process and exchanges messages with it over the IPC channel.
import { fork, type ChildProcess } from 'node:child_process';
import type { ProbeCommand, ProbeConfig, ProbeReport } from './assistant-probe';

export class ProbeProcess {
  private readonly reports: ProbeReport[] = [];
  private readonly waiters: { ev: ProbeReport['ev']; resolve: (r: ProbeReport) => void }[] = [];
  readonly exited: Promise<number | null>;

  private constructor(private readonly child: ChildProcess) {
    child.on('message', (report: ProbeReport) => {
      if (process.env.PROBE_TRACE) console.log(`${Math.round(performance.now())} probe: ${JSON.stringify(report).slice(0, 200)}`);
      if (report.ev === 'error') throw new Error(`probe: ${report.message}`);
      const i = this.waiters.findIndex((w) => w.ev === report.ev);
      if (i >= 0) this.waiters.splice(i, 1)[0]!.resolve(report);
      else this.reports.push(report);
    });
    this.exited = new Promise((resolve) => child.on('exit', resolve));
  }

  static start(config: ProbeConfig, env: NodeJS.ProcessEnv): ProbeProcess {
    const child = fork('tests/support/assistant-probe.ts', [JSON.stringify(config)], {
      execArgv: ['--import', 'tsx'],
      env,
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    return new ProbeProcess(child);
  }

  next<E extends ProbeReport['ev']>(ev: E): Promise<Extract<ProbeReport, { ev: E }>> {
    const i = this.reports.findIndex((r) => r.ev === ev);
    if (i >= 0) return Promise.resolve(this.reports.splice(i, 1)[0] as Extract<ProbeReport, { ev: E }>);
    return new Promise((resolve) => this.waiters.push({ ev, resolve: resolve as (r: ProbeReport) => void }));
  }

  /** A report of this kind that has already arrived (the oldest), or null. */
  take<E extends ProbeReport['ev']>(ev: E): Extract<ProbeReport, { ev: E }> | null {
    const i = this.reports.findIndex((r) => r.ev === ev);
    return i >= 0 ? (this.reports.splice(i, 1)[0] as Extract<ProbeReport, { ev: E }>) : null;
  }

  send(command: ProbeCommand): void {
    this.child.send(command);
  }

  /** Asks the probe to close everything and exit; kills it if it has not within `graceMs`. */
  async quit(graceMs = 15_000): Promise<void> {
    if (this.child.exitCode === null) this.send({ cmd: 'quit' });
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }
}
