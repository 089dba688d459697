// Runs assistant-probe.ts in a child process and exchanges messages with it over the IPC channel.
import { fork, type ChildProcess } from 'node:child_process';
import type { ProbeCommand, ProbeConfig, ProbeReport } from './assistant-probe';

export class ProbeProcess {
  private readonly reports: ProbeReport[] = [];
  private readonly waiters: { ev: ProbeReport['ev']; resolve: (r: ProbeReport) => void }[] = [];
  readonly exited: Promise<number | null>;

  private constructor(private readonly child: ChildProcess) {
    child.on('message', (report: ProbeReport) => {
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

  send(command: ProbeCommand): void {
    this.child.send(command);
  }

  async quit(): Promise<void> {
    if (this.child.exitCode === null) this.send({ cmd: 'quit' });
    await this.exited;
  }
}
