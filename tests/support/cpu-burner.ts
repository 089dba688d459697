// Other processes keeping every core busy, for tests that must hold under load. They run at the lowest
// priority, as background work does: at normal priority they also starve the test's own sound server and
// recorder (not the app), whose dropouts would then be counted against the app.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';

export interface CpuBurners {
  stop(): void;
}

export function burnCpus(count = availableParallelism()): CpuBurners {
  const children: ChildProcess[] = Array.from({ length: count }, () =>
    spawn('nice', ['-n', '19', process.execPath, '-e', 'for (;;) {}'], { stdio: 'ignore' }),
  );
  return {
    stop: () => {
      for (const c of children) c.kill('SIGKILL');
    },
  };
}
