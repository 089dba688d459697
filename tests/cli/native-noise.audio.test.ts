// The audio libraries' own diagnostics (alsa-lib probing absent cards, the JACK client library looking for a
// server, xrun notices) never reach the terminal: the patched addon catches them, and --verbose shows them.
// Run with no sound server at all (as on a machine without a sound card) and with the private PulseAudio.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPulse, type PulseServer } from '../support/pulse';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cli(args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { env: { ...env, REALTIME_API_KEY: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    proc.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    proc.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Lines the native layer prints by itself when nothing catches them. */
const NATIVE = /^(ALSA lib|JACK|Jack|jack|Cannot connect to server|AudioIO:|Expression '.*' failed)/;
const nativeLines = (text: string): string[] => text.split('\n').filter((line) => NATIVE.test(line));

describe('no sound server (a machine without a sound card)', () => {
  let env: NodeJS.ProcessEnv;
  let runtimeDir: string;

  beforeAll(async () => {
    // An empty runtime dir and no PULSE_* variables: no sound server can be found.
    runtimeDir = await mkdtemp(join(tmpdir(), 'no-sound-'));
    env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('PULSE_')));
    env.XDG_RUNTIME_DIR = runtimeDir;
  });

  afterAll(async () => {
    await rm(runtimeDir, { recursive: true, force: true });
  });

  it('ask --sim prints the reply, one notice line, and nothing from the audio libraries', async () => {
    const run = await cli(['ask', 'Hello there', '--sim'], env);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.trim().split('\n')).toEqual(['You said: Hello there']);
    expect(run.stderr.trim().split('\n')).toEqual(['No speaker found: showing the reply as text only.']);
  }, 60_000);

  it('devices says what to do, with nothing from the audio libraries; --verbose shows what they said', async () => {
    const quiet = await cli(['devices'], env);
    expect(quiet.code).toBe(1);
    expect(nativeLines(quiet.stdout + quiet.stderr)).toEqual([]);
    expect(quiet.stderr).toContain('No audio devices found. Check that a sound server');
    const verbose = await cli(['devices', '--verbose'], env);
    expect(nativeLines(verbose.stdout + verbose.stderr)).toEqual([]);
    // alsa-lib's complaints about the missing card, and the JACK library's (when it is installed), prefixed.
    expect(verbose.stderr).toMatch(/^audio: ALSA lib \S+:\d+:\(\w+\) /m);
  }, 60_000);
});

describe('with a sound server (the private PulseAudio)', () => {
  let server: PulseServer;

  beforeAll(async () => {
    server = await startPulse();
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
  });

  it('ask --sim, devices and talk print nothing from the audio libraries', async () => {
    const ask = await cli(['ask', 'Hello there', '--sim'], server.env);
    expect(ask.code, ask.stderr).toBe(0);
    expect(ask.stdout.trim().split('\n')).toEqual(['You said: Hello there']);
    expect(ask.stderr).toBe('');
    const devices = await cli(['devices'], server.env);
    expect(devices.code, devices.stderr).toBe(0);
    expect(devices.stdout).toMatch(/^ {2}.*pulse {2}\[ALSA/m);
    expect(nativeLines(devices.stdout + devices.stderr)).toEqual([]);
    const talk = await cli(['talk', '--record-seconds', '1', '--sim'], server.env);
    expect(talk.code, talk.stderr).toBe(0);
    expect(nativeLines(talk.stdout + talk.stderr)).toEqual([]);
  }, 90_000);
});
