// Other processes keeping every core busy, at normal priority, for tests that must hold under load.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';

export interface CpuBurners {
  stop(): void;
}

export function burnCpus(count = availableParallelism()): CpuBurners {
  const children: ChildProcess[] = Array.from({ length: count }, () =>
    spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }),
  );
  return {
    stop: () => {
      for (const c of children) c.kill('SIGKILL');
    },
  };
}
