// The global push-to-talk key, for real: an X server (Xvfb), key events from xdotool, the native hook.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseHotkey } from '../../../src/main/hotkey/hotkey-spec';
import { startXvfb, type Xvfb } from '../../support/xvfb';

let x: Xvfb;
beforeAll(async () => {
  x = await startXvfb();
});
afterAll(async () => {
  await x?.stop();
});

/** Starts the probe and returns a function that waits for its next line. */
async function startProbe(accelerator: string): Promise<{ next: () => Promise<string>; end: () => Promise<string>; proc: ChildProcess }> {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'tests/support/hotkey-probe.ts', accelerator], {
    env: { ...process.env, DISPLAY: x.display },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines: string[] = [];
  const waiters: ((line: string) => void)[] = [];
  let buffer = '';
  proc.stdout!.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    let nl: number;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      const waiter = waiters.shift();
      if (waiter) waiter(line);
      else lines.push(line);
    }
  });
  const next = (): Promise<string> => {
    const line = lines.shift();
    return line !== undefined ? Promise.resolve(line) : new Promise((resolve) => waiters.push(resolve));
  };
  expect(await next()).toBe('ready');
  /** Closes the probe and returns the next line, which is 'bye' only if no unexpected event came. */
  const end = (): Promise<string> => {
    proc.stdin!.end();
    return next();
  };
  return { next, proc, end };
}

const xdotool = (...args: string[]): void => {
  execFileSync('xdotool', args, { env: { ...process.env, DISPLAY: x.display } });
};

describe('PushToTalkKey under a real X server', () => {
  it('reports press on key-down and release on key-up, once per hold despite auto-repeat', async () => {
    const probe = await startProbe('F9');
    try {
      xdotool('keydown', 'F9');
      expect(await probe.next()).toBe('press');
      xdotool('keydown', 'F9'); // what auto-repeat looks like to the hook
      xdotool('keyup', 'F9');
      expect(await probe.next()).toBe('release');
      xdotool('keydown', 'F9');
      expect(await probe.next()).toBe('press');
      xdotool('keyup', 'F9');
      expect(await probe.next()).toBe('release');
      expect(await probe.end()).toBe('bye');
    } finally {
      probe.proc.kill();
    }
  });

  it('needs the modifiers of a combination, and ends on release of the main key', async () => {
    const probe = await startProbe('Ctrl+Space');
    try {
      xdotool('keydown', 'space');
      xdotool('keyup', 'space'); // Space alone is not the hotkey: nothing is reported for it
      xdotool('keydown', 'ctrl');
      xdotool('keydown', 'space');
      expect(await probe.next()).toBe('press');
      xdotool('keyup', 'ctrl'); // modifier first: still held until the main key goes up
      xdotool('keyup', 'space');
      expect(await probe.next()).toBe('release');
      expect(await probe.end()).toBe('bye');
    } finally {
      probe.proc.kill();
    }
  });
});

describe('PushToTalkKey where there is no X display', () => {
  it('says so in plain words and keeps the process alive (the native hook would abort it)', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, WAYLAND_DISPLAY: 'wayland-0' };
    delete env.DISPLAY;
    const proc = spawn(process.execPath, ['--import', 'tsx', 'tests/support/hotkey-probe.ts', 'F9'], { env, stdio: ['pipe', 'pipe', 'inherit'] });
    let out = '';
    proc.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<NodeJS.Signals | null>((resolve) => proc.once('exit', (_code, signal) => resolve(signal)));
    await new Promise<void>((resolve) => proc.stdout!.on('data', () => out.includes('ready\n') && resolve()));
    proc.stdin!.end();
    // Not killed by a signal (the hook started without a display aborts with SIGABRT). The exit code is not
    // checked: the key-hook library's own exit handler reports the missing display.
    expect(await exited).toBeNull();
    expect(out.split('\n')).toEqual([expect.stringMatching(/^unavailable: .*needs X11.*Hold to talk/), 'ready', 'bye', '']);
  });
});

describe('a modifier on its own as the key, under a real X server', () => {
  it('Right Ctrl alone talks', async () => {
    const probe = await startProbe('RightCtrl');
    try {
      xdotool('keydown', 'Control_L'); // the other Ctrl is not the key
      xdotool('keyup', 'Control_L');
      xdotool('keydown', 'Control_R');
      expect(await probe.next()).toBe('press');
      xdotool('keyup', 'Control_R');
      expect(await probe.next()).toBe('release');
      expect(await probe.end()).toBe('bye');
    } finally {
      probe.proc.kill();
    }
  });
});

describe('parseHotkey', () => {
  it('parses keys and modifiers case-insensitively', () => {
    expect(parseHotkey('f9')).toMatchObject({ ctrl: false, alt: false });
    expect(parseHotkey('Ctrl+Alt+k')).toMatchObject({ ctrl: true, alt: true, shift: false });
  });

  it('explains what is wrong with an unusable key', () => {
    expect(() => parseHotkey('')).toThrow(/empty/);
    expect(() => parseHotkey('Hyper+F9')).toThrow(/not a modifier/);
    expect(() => parseHotkey('NoSuchKey')).toThrow(/not a key/);
  });
});
