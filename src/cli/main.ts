// The command-line front end to the same core the app uses.
import { parseArgs } from 'node:util';
import { createAudioService } from '../main/audio/engine';
import { nativeDiagnostics } from '../main/audio/native-diagnostics';
import type { AudioServicePort } from '../main/audio/ports';
import { TALK_MODES } from '../shared/domain';
import { errorText } from '../shared/error-text';
import { DEFAULT_SETTINGS } from '../shared/settings';
import { ASK_IDLE_LIMIT_MS, DEFAULT_ASK_TIMEOUT_S, runAsk } from './ask';
import { commandLineKey, CONNECTION_FLAGS_USAGE, keyFlagOf, oneOf, readConnectionOptions, sessionFlagSpec } from './connection-options';
import { runDevices } from './devices';
import { CliFailure, EXIT, UsageError } from './exit-codes';
import { HISTORY_USAGE, runHistory } from './history';
import { runTalk } from './talk';

const USAGE = `usage:
  cli ask "<text>" [connection options] [--no-audio] [--timeout SECONDS]
  cli talk [--record-seconds N] [--mode ${TALK_MODES.join('|')}] [--input-device NAME] [--output-device NAME] [connection options]
  cli devices [--json]
${HISTORY_USAGE}
  any command: --verbose also prints what the audio libraries report (alsa-lib, JACK), kept quiet otherwise

connection options: ${CONNECTION_FLAGS_USAGE}
                    [--voice NAME] [--json]

Give the key in REALTIME_API_KEY, or pipe it in with --key-stdin: --key shows it to other users in the
process list. --sim answers from the built-in offline simulator.
ask gives up after --timeout seconds (default ${DEFAULT_ASK_TIMEOUT_S}), or after ${ASK_IDLE_LIMIT_MS / 1000} s without a word from the server.
talk without --record-seconds: Enter starts and stops a turn, Ctrl-C quits.
Exit codes: 0 done, 2 key rejected, 3 cannot connect, 4 fatal server error, 1 anything else.`;

const audioOptionSpec = { 'input-device': { type: 'string' }, 'output-device': { type: 'string' } } as const;

function positiveSeconds(flag: string, text: string | undefined, max: number): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0 || n > max) throw new CliFailure(`--${flag} must be a number of seconds between 0 and ${max}.`, EXIT.other);
  return n;
}

/** Audio is optional for `ask`: without a usable speaker the reply is shown as text only. */
async function speakerOrNull(audio: AudioServicePort, stderr: NodeJS.WritableStream): Promise<ReturnType<AudioServicePort['ports']>['speaker'] | null> {
  try {
    const { outputs } = await audio.listDevices();
    if (outputs.length > 0) return audio.ports(() => ({ inputDeviceId: null, outputDeviceId: null, outputVolume: 1 })).speaker;
    stderr.write('No speaker found: showing the reply as text only.\n');
  } catch (error) {
    stderr.write(`Audio is unavailable (${errorText(error)}): showing the reply as text only.\n`);
  }
  return null;
}

function parseTalkArgs(args: string[]) {
  try {
    return parseArgs({ args, options: { ...sessionFlagSpec, ...audioOptionSpec, 'record-seconds': { type: 'string' }, mode: { type: 'string' } } });
  } catch (error) {
    // parseArgs quotes a stray argument verbatim, and that argument may be a pasted key: never echo it.
    if ((error as { code?: string }).code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') throw new UsageError('Unexpected argument: talk takes no text, and every value follows its option, e.g. --mode vad.');
    throw error;
  }
}

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  const rest = args.filter((a) => a !== '--verbose');
  if (rest.length < args.length) nativeDiagnostics.on('line', (line) => process.stderr.write(`audio: ${line}\n`));
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return command ? EXIT.ok : EXIT.other;
  }
  const io = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr };
  if (command === 'ask') {
    const { values, positionals } = parseArgs({ args: rest, options: { ...sessionFlagSpec, 'no-audio': { type: 'boolean' }, timeout: { type: 'string' } }, allowPositionals: true });
    const timeoutS = positiveSeconds('timeout', values.timeout, 86_400) ?? DEFAULT_ASK_TIMEOUT_S;
    const opts = { ...readConnectionOptions(values, process.env, await commandLineKey(keyFlagOf(values), io)), timeoutMs: timeoutS * 1000 };
    if (values['no-audio']) return runAsk(positionals.join(' '), opts, io);
    const audio = createAudioService();
    try {
      return await runAsk(positionals.join(' '), opts, io, await speakerOrNull(audio, process.stderr));
    } finally {
      await audio.close();
    }
  }
  if (command === 'talk') {
    const { values } = parseTalkArgs(rest);
    const mode = oneOf('mode', values.mode, TALK_MODES) ?? DEFAULT_SETTINGS.mode;
    const recordSeconds = positiveSeconds('record-seconds', values['record-seconds'], 600);
    if (values['key-stdin'] && recordSeconds === undefined) throw new UsageError('talk without --record-seconds reads Enter from standard input, so the key cannot come from there: use REALTIME_API_KEY.');
    const stdinKey = await commandLineKey(keyFlagOf(values), io);
    return runTalk(
      { ...readConnectionOptions(values, process.env, stdinKey), mode, recordSeconds, inputDevice: values['input-device'], outputDevice: values['output-device'] },
      createAudioService(),
      io,
    );
  }
  if (command === 'devices') {
    const { values } = parseArgs({ args: rest, options: { json: { type: 'boolean' } } });
    const audio = createAudioService();
    try {
      return await runDevices(audio, values.json === true, process.stdout);
    } finally {
      await audio.close();
    }
  }
  if (command === 'history') return runHistory(rest, process.env, process.stdout);
  throw new CliFailure(`Unknown command "${command}".\n${USAGE}`, EXIT.other);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${errorText(error)}\n`);
    process.exit(error instanceof CliFailure ? error.exitCode : EXIT.other);
  },
);
