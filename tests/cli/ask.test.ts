// The CLI as a user runs it (`npm run cli`: the bundle in out/cli, plain Node): a real process, real sockets,
// the simulator as the server.
import { spawn, spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEY_FLAG_WARNING } from '../../src/cli/connection-options';
import { containsSecret } from '../../src/main/realtime/redact';
import { startSimulator } from '../../src/sim/index';
import type { RunningSimulator } from '../../src/sim/types';
import { betaSessionCreated, startScriptedServer } from '../support/scripted-server';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `cli ask … --no-audio`: these tests are about the session and the output, not sound. */
function cli(args: string[], env: Record<string, string> = {}, stdin?: string): Promise<Run> {
  const withoutAudio = args[0] === 'ask' ? [...args, '--no-audio'] : args;
  return new Promise((resolve) => {
    const proc = spawn(process.execPath, ['out/cli/main.mjs', ...withoutAudio], {
      env: { ...process.env, REALTIME_API_KEY: '', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    proc.stdin.end(stdin);
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
  const build = spawnSync('npm', ['run', '-s', 'build:cli'], { encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`npm run build:cli failed: ${build.stderr}`);
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
      const run = await cli(['ask', 'hello', '--endpoint', ga.url, '--json'], { REALTIME_API_KEY: KEY });
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
    expect(run.stderr.trim().split('\n')).toEqual([KEY_FLAG_WARNING, expect.stringMatching(/refused the API key/)]);
    expect(run.stderr + run.stdout).not.toContain(wrong);
    expect(sim.rejectedUpgrades() - before).toBe(1);
  });

  it('never prints a key the server echoes back, split across deltas or escaped, as text or --json', async () => {
    for (const json of [false, true]) {
      sim.inject({ kind: 'echo-key' });
      const run = await cli(['ask', 'hello', '--endpoint', sim.url, ...(json ? ['--json'] : [])], { REALTIME_API_KEY: KEY });
      const printed = run.stdout + run.stderr;
      expect(printed).not.toContain(KEY);
      expect(containsSecret(printed, KEY)).toBe(false);
      expect(run.stderr).toMatch(/^Server error: Unknown key \*\*\* \(sent as api_key=\*\*\*/);
      expect(run.code).toBe(4);
      if (json) {
        const events = run.stdout.trim().split('\n').map((line) => JSON.parse(line) as { type: string; delta?: string; text?: string });
        const echo = events.slice(0, events.findIndex((e) => e.type === 'response.text.done') + 1);
        expect(echo.filter((e) => e.type === 'response.text.delta').map((e) => e.delta).join('')).toBe('Your key is ***.');
        expect(echo.at(-1)?.text).toBe('Your key is ***.');
      } else {
        // The reply to "hello" may follow while the command closes the session.
        expect(run.stdout).toMatch(/^Your key is \*\*\*\./);
      }
    }
  });

  it('exits 3 when the endpoint cannot be reached', async () => {
    const run = await cli(['ask', 'hello', '--endpoint', 'ws://127.0.0.1:9/v1/realtime'], { REALTIME_API_KEY: KEY });
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

describe('cli ask: the key on the command line', () => {
  it('--key works but warns once that other users can see it', async () => {
    const run = await cli(['ask', 'hello', '--endpoint', sim.url, '--key', KEY]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('You said: hello\n');
    expect(run.stderr).toBe(`${KEY_FLAG_WARNING}\n`);
    expect(run.stderr).toMatch(/visible to other users of this computer in the process list; use REALTIME_API_KEY or --key-stdin/);
  });

  it('--key-stdin reads the key from standard input, trimmed, with no warning and no echo', async () => {
    const run = await cli(['ask', 'hello', '--endpoint', sim.url, '--key-stdin'], {}, `  ${KEY}\n`);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('You said: hello\n');
    expect(run.stderr).toBe('');
  });

  it('--key-stdin wins over REALTIME_API_KEY', async () => {
    const run = await cli(['ask', 'hello', '--endpoint', sim.url, '--key-stdin'], { REALTIME_API_KEY: 'sk-not-this-one-000' }, KEY);
    expect(run.code).toBe(0);
  });

  it('refuses an empty or odd standard input, and --key next to --key-stdin, in plain words', async () => {
    const empty = await cli(['ask', 'hello', '--endpoint', sim.url, '--key-stdin'], {}, '\n');
    expect(empty.code).toBe(1);
    expect(empty.stderr).toMatch(/--key-stdin found no key on standard input/);
    const twoLines = await cli(['ask', 'hello', '--endpoint', sim.url, '--key-stdin'], {}, `${KEY}\nsecond line\n`);
    expect(twoLines.code).toBe(1);
    expect(twoLines.stderr).toMatch(/give it only the key/);
    expect(twoLines.stderr).not.toContain(KEY);
    const both = await cli(['ask', 'hello', '--endpoint', sim.url, '--key', KEY, '--key-stdin'], {}, KEY);
    expect(both.code).toBe(1);
    expect(both.stderr).toMatch(/--key and --key-stdin exclude each other/);
    expect(both.stderr).not.toContain(KEY);
  });
});

describe('cli ask --timeout', () => {
  it('ends a reply that trickles on for ever with exit 1 and a plain message', async () => {
    // One word every 300 ms: never idle long enough for the idle limit, never done.
    const trickle = await startScriptedServer({
      onConnection: (conn) => {
        conn.sendJson(betaSessionCreated());
        void conn.nextOfType('response.create').then(() => {
          conn.sendJson({ type: 'response.created', response: { id: 'resp_1', status: 'in_progress' } });
          const timer = setInterval(() => conn.sendJson({ type: 'response.text.delta', response_id: 'resp_1', item_id: 'item_1', output_index: 0, content_index: 0, delta: 'la ' }), 300);
          conn.ws.on('close', () => clearInterval(timer));
        });
      },
    });
    try {
      const started = Date.now();
      const run = await cli(['ask', 'sing', '--endpoint', trickle.url, '--timeout', '2'], { REALTIME_API_KEY: KEY });
      expect(run.code).toBe(1);
      expect(run.stderr).toBe('No complete reply within 2 s; giving up. Try again, or allow more time with --timeout SECONDS.\n');
      expect(run.stdout).toMatch(/^(la )+\n$/);
      expect(Date.now() - started).toBeLessThan(15_000);
    } finally {
      await trickle.close();
    }
  });

  it('refuses a timeout that is not a positive number of seconds', async () => {
    for (const bad of ['0', '1e9', 'soon']) {
      const run = await cli(['ask', 'hello', '--sim', '--timeout', bad]);
      expect(run.code, bad).toBe(1);
      expect(run.stderr).toMatch(/--timeout must be a number of seconds/);
    }
  });
});

// talk shares the key flags; these refusals come before any audio device is touched.
describe('cli talk: the key flags', () => {
  it('refuses --key-stdin without --record-seconds (standard input is for Enter), and never echoes a stray key', async () => {
    const run = await cli(['talk', '--key-stdin', '--sim'], {}, KEY);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/talk without --record-seconds reads Enter from standard input.*REALTIME_API_KEY/);
    const stray = await cli(['talk', '--sim', KEY]);
    expect(stray.code).toBe(1);
    expect(stray.stderr).toMatch(/Unexpected argument/);
    expect(stray.stderr).not.toContain(KEY);
  });
});
