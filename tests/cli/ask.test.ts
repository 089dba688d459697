// The CLI as a user runs it: a real process, real sockets, the simulator as the server.
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../../src/sim/index';
import type { RunningSimulator } from '../../src/sim/types';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `cli ask … --no-audio`: these tests are about the session and the output, not sound. */
function cli(args: string[], env: Record<string, string> = {}): Promise<Run> {
  const withoutAudio = args[0] === 'ask' ? [...args, '--no-audio'] : args;
  return new Promise((resolve) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...withoutAudio], {
      env: { ...process.env, REALTIME_API_KEY: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    proc.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    proc.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const KEY = 'sk-test-cli-key-0123456789';
let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startSimulator({ port: 0, requireKey: KEY, pace: 0 });
});
afterAll(async () => {
  await sim.close();
});

describe('cli ask', () => {
  it('streams the reply and exits 0 with the in-process simulator', async () => {
    const run = await cli(['ask', 'What is the capital of France?', '--sim']);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('You said: What is the capital of France?\n');
    expect(run.code).toBe(0);
  });

  it.each(['query', 'bearer', 'subprotocol'])('authenticates with --auth %s and the key from the environment', async (auth) => {
    const run = await cli(['ask', 'hello', '--endpoint', sim.url, '--auth', auth], { REALTIME_API_KEY: KEY });
    expect(run.stdout).toBe('You said: hello\n');
    expect(run.code).toBe(0);
    expect(sim.connections().at(-1)?.auth).toBe(auth);
  });

  it('prints normalised events as JSON lines with --json, in GA too', async () => {
    const ga = await startSimulator({ port: 0, dialect: 'ga', pace: 0 });
    try {
      const run = await cli(['ask', 'hello', '--endpoint', ga.url, '--key', KEY, '--json']);
      expect(run.code).toBe(0);
      const events = run.stdout.trim().split('\n').map((line) => JSON.parse(line) as { type: string });
      expect(events[0]?.type).toBe('session.created');
      expect(events.at(-1)?.type).toBe('response.done');
      // GA names arrive normalised onto the internal vocabulary.
      expect(events.some((e) => e.type === 'response.text.delta')).toBe(true);
      expect(events.some((e) => /^response\.output_(text|audio)|^conversation\.item\.added$/.test(e.type))).toBe(false);
    } finally {
      await ga.close();
    }
  });

  it('exits 2 on a rejected key, without retrying and without printing the key', async () => {
    const before = sim.rejectedUpgrades();
    const wrong = 'sk-wrong-key-9876543210abcdef';
    const run = await cli(['ask', 'hello', '--endpoint', sim.url, '--key', wrong]);
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/refused the API key/);
    expect(run.stderr + run.stdout).not.toContain(wrong);
    expect(sim.rejectedUpgrades() - before).toBe(1);
  });

  it('exits 3 when the endpoint cannot be reached', async () => {
    const run = await cli(['ask', 'hello', '--endpoint', 'ws://127.0.0.1:9/v1/realtime', '--key', KEY]);
    expect(run.code).toBe(3);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/Cannot reach 127\.0\.0\.1:9/);
  });

  it('exits 1 with a next step when there is no key, and on bad options', async () => {
    const none = await cli(['ask', 'hello']);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/No API key.*--sim/);
    const bad = await cli(['ask', 'hello', '--sim', '--dialect', 'klingon']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/--dialect must be one of auto, beta, ga/);
  });
});
