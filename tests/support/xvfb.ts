// A private X display for tests that need real keyboard events (xdotool → X server → global key hook).
import { spawn, type ChildProcess } from 'node:child_process';

export interface Xvfb {
  display: string;
  stop(): Promise<void>;
}

export async function startXvfb(): Promise<Xvfb> {
  const proc: ChildProcess = spawn('Xvfb', ['-displayfd', '1', '-screen', '0', '640x480x24', '-nolisten', 'tcp'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const display = await new Promise<string>((resolve, reject) => {
    let out = '';
    proc.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /^(\d+)\n/.exec(out);
      if (match) resolve(`:${match[1]}`);
    });
    proc.once('error', reject);
    proc.once('exit', (code) => reject(new Error(`Xvfb exited with ${code} before it was ready`)));
  });
  return {
    display,
    stop: () =>
      new Promise<void>((resolve) => {
        if (proc.exitCode !== null) return resolve();
        proc.once('exit', () => resolve());
        proc.kill('SIGTERM');
      }),
  };
}
